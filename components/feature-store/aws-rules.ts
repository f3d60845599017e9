import type { CloudRule } from "../clouds/contract";
import { ConfigError } from "../shared/config-error";
import { awsFeatureStoreLimits, secondaryCidrProblem } from "./aws-limits";
import { limitsRule } from "./limits";

// What ElastiCache for Valkey cannot do with a feature-store config the other clouds accept.

export const awsFeatureStoreRules: CloudRule[] = [
    limitsRule(awsFeatureStoreLimits),
    (s, ns) => {
        // The Global Datastore secondary gets a VPC of its own in the backup region, from a block derived from network.cidr.
        if (!s.featureStore.crossRegion) {
            return;
        }
        const problem = secondaryCidrProblem(s.network.cidr, s.network.podCidr, s.network.serviceCidr);
        if (problem) {
            throw new ConfigError(`${ns}:network.cidr`, s.network.cidr, `on aws with featureStore.crossRegion, a block whose next blocks stay private and clear of the pod and service ranges (${problem})`);
        }
    },
];
