import { awsInvokes } from "./aws";
import { azureInvokes } from "./azure";
import { Answer } from "./common";
import { gcpInvokes } from "./gcp";

export { offlineAccount } from "./common";
export type { Answer, InvokeContext } from "./common";

export const invokes: Readonly<Record<string, Answer>> = { ...awsInvokes, ...gcpInvokes, ...azureInvokes };
