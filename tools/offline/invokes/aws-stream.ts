import { Answer } from "./common";

export const awsStreamInvokes: Record<string, Answer> = {};
