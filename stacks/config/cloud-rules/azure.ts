import type { CloudRule } from "./index";

export const azureRules: CloudRule[] = [];
