import { secondaryCidrProblem } from "../../../components/feature-store/aws-limits";
import { featureStoreLimits } from "../../../components/feature-store/cloud-limits";
import { Cloud } from "../../../components/shared/context";
import { ConfigError } from "../errors";
import { resolveFeatureStore } from "../sections/feature-store";
import { CloudRule } from "../../../components/clouds/contract";

/**
 * The feature store's limits on one cloud (components/feature-store/<cloud>-limits.ts, where each
 * figure's source is), as a rule: the first setting that cloud cannot take, named with its key.
 */
export function featureStoreRule(cloud: Cloud): CloudRule {
    return (s, ns) => {
        const problem = featureStoreLimits[cloud]({ featureStore: resolveFeatureStore(s) });
        if (problem) {
            throw new ConfigError(`${ns}:featureStore.${problem.key}`, problem.value, problem.allowed);
        }
    };
}

/** On AWS the Global Datastore secondary gets a VPC of its own in the backup region, from a block derived from network.cidr. */
export const awsFeatureStoreNetworkRule: CloudRule = (s, ns) => {
    if (!s.featureStore.crossRegion) {
        return;
    }
    const problem = secondaryCidrProblem(s.network.cidr, s.network.podCidr, s.network.serviceCidr);
    if (problem) {
        throw new ConfigError(`${ns}:network.cidr`, s.network.cidr, `on aws with featureStore.crossRegion, a block whose next blocks stay private and clear of the pod and service ranges (${problem})`);
    }
};
