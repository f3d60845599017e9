import type { CloudRule } from "./index";

export const gcpStreamRules: CloudRule[] = [];
