// What every cloud's feature-store limits are checked with. No SDK imports: the stack config reads
// these files before anything is declared.
import type { CloudRule } from "../clouds/contract";
import { ConfigError } from "../shared/config-error";
import type { FeatureStoreSettings } from "./contract";

/** A setting a cloud cannot take: the key under `featureStore`, the value, and what that cloud allows. */
export interface FeatureStoreProblem {
    readonly key: keyof FeatureStoreSettings;
    readonly value: unknown;
    readonly allowed: string;
}

/** What the limits of one cloud see. */
export interface FeatureStoreLimitInput {
    readonly featureStore: FeatureStoreSettings;
}

export type FeatureStoreLimits = (s: FeatureStoreLimitInput) => FeatureStoreProblem | undefined;

/** A node size as the cloud sells it, and what of it holds data. */
export interface NodeSize<T extends string = string> {
    readonly name: T;
    /** GB of keys a node holds with the service's default memory reservation. */
    readonly usableGb: number;
}

/** The smallest size whose usable memory holds `gb`, from a list ordered small to large. */
export function smallestHolding<T extends NodeSize>(sizes: readonly T[], gb: number): T | undefined {
    return sizes.find((s) => s.usableGb >= gb);
}

/** Memory each shard holds: the data is split evenly over the shards. */
export function perShardGb(s: Pick<FeatureStoreSettings, "memoryGb" | "shards">): number {
    return s.memoryGb / s.shards;
}

/** The first problem any of `checks` finds. */
export function firstProblem(s: FeatureStoreLimitInput, checks: readonly FeatureStoreLimits[]): FeatureStoreProblem | undefined {
    for (const check of checks) {
        const problem = check(s);
        if (problem) {
            return problem;
        }
    }
    return undefined;
}

/**
 * A cloud's feature-store limits (components/feature-store/<cloud>-limits.ts, where each figure's source
 * is), as a config rule: the first setting that cloud cannot take, named with its key.
 */
export function limitsRule(limits: FeatureStoreLimits): CloudRule {
    return (s, ns) => {
        const problem = limits({ featureStore: s.featureStore });
        if (problem) {
            throw new ConfigError(`${ns}:featureStore.${problem.key}`, problem.value, problem.allowed);
        }
    };
}
