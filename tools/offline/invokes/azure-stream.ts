import { Answer } from "./common";

export const azureStreamInvokes: Record<string, Answer> = {};
