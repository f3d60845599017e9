import type { CloudRule } from "../clouds/contract";
import { azureFeatureStoreLimits } from "./azure-limits";
import { limitsRule } from "./limits";

// What Azure Managed Redis cannot do with a feature-store config the other clouds accept.

export const azureFeatureStoreRules: CloudRule[] = [limitsRule(azureFeatureStoreLimits)];
