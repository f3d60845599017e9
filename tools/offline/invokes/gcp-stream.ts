import { Answer } from "./common";

export const gcpStreamInvokes: Record<string, Answer> = {};
