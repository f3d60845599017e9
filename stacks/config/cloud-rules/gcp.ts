import type { CloudRule } from "./index";

export const gcpRules: CloudRule[] = [];
