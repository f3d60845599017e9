import type { CloudRule } from "./index";

export const azureStreamRules: CloudRule[] = [];
