import { Answer } from "./common";

// The Azure streams call no provider function of their own: the subscription their names and role
// scopes are built from comes from authorization:getClientConfig, answered in ./azure.ts. An invoke
// added to components/stream/azure*.ts gets its canned answer here.
export const azureStreamInvokes: Record<string, Answer> = {};
