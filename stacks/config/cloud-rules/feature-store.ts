import { featureStoreLimits } from "../../../components/feature-store/cloud-limits";
import { Cloud } from "../../../components/shared/context";
import { ConfigError } from "../errors";
import { resolveFeatureStore } from "../sections/feature-store";
import type { CloudRule } from "./index";

/**
 * The feature store's limits on one cloud (components/feature-store/<cloud>-limits.ts, where each
 * figure's source is), as a rule: the first setting that cloud cannot take, named with its key.
 */
export function featureStoreRule(cloud: Cloud): CloudRule {
    return (s, ns) => {
        const problem = featureStoreLimits[cloud]({ featureStore: resolveFeatureStore(s), backupRetentionDays: s.backup.retentionDays });
        if (problem) {
            throw new ConfigError(`${ns}:featureStore.${problem.key}`, problem.value, problem.allowed);
        }
    };
}
