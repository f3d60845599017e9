import type { CloudRule } from "../clouds/contract";
import { gcpFeatureStoreLimits } from "./gcp-limits";
import { limitsRule } from "./limits";

// What Memorystore for Valkey cannot do with a feature-store config the other clouds accept.

export const gcpFeatureStoreRules: CloudRule[] = [limitsRule(gcpFeatureStoreLimits)];
