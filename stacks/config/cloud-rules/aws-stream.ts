import type { CloudRule } from "./index";

export const awsStreamRules: CloudRule[] = [];
