import { z } from "zod";
import { featureStoreLimits, strongestPersistence } from "../../../components/feature-store/cloud-limits";
import { evictionPolicies, FeatureStoreSettings, Persistence, persistenceModes } from "../../../components/feature-store/contract";
import { Cloud, Environment } from "../../../components/shared/context";
import { flag, section, wholeNumber } from "./common";

/** Largest memoryGb any cloud could hold; beyond it a value is a typo (the clouds' own limits come after). */
export const maxMemoryGb = 10_000;

/** What an environment gets when `featureStore` (or a key of it) is left out; persistence is per cloud. */
export const featureStoreDefaults: Readonly<Record<Environment, Omit<FeatureStoreSettings, "persistence"> & { persistence?: Persistence }>> = {
    // One small node: cheap, and restarts keep the data (snapshots).
    dev: { memoryGb: 1, shards: 1, replicasPerShard: 0, persistence: "rdb", crossRegion: false, evictionPolicy: "volatile-lru" },
    // A replica in another zone, a copy in the backup region, and the strongest persistence the cloud allows with it.
    prod: { memoryGb: 8, shards: 1, replicasPerShard: 1, crossRegion: true, evictionPolicy: "volatile-lru" },
};

export function featureStoreShape(env: Environment) {
    const d = featureStoreDefaults[env];
    const memory = `a number of GB above 0 and at most ${maxMemoryGb}`;
    return {
        featureStore: section({
            memoryGb: z.number({ error: memory }).positive({ error: memory }).max(maxMemoryGb, { error: memory }).default(d.memoryGb),
            shards: wholeNumber(1, "shards").default(d.shards),
            replicasPerShard: wholeNumber(0, "replicas").default(d.replicasPerShard),
            // Left unset here: prod's default depends on the cloud and the other keys (resolveFeatureStore).
            persistence: z.enum(persistenceModes, { error: persistenceModes.join(" | ") }).optional(),
            crossRegion: flag().default(d.crossRegion),
            evictionPolicy: z.enum(evictionPolicies, { error: evictionPolicies.join(" | ") }).default(d.evictionPolicy),
        }),
    };
}

type Parsed = Omit<FeatureStoreSettings, "persistence"> & { persistence?: Persistence };

/**
 * The section with every default filled in. Persistence: as given; else the environment's preference
 * where the cloud takes it with the other keys; else the strongest the cloud takes (prod's default).
 */
export function resolveFeatureStore(s: { cloud: Cloud; environment: Environment; featureStore: Parsed }): FeatureStoreSettings {
    const { persistence, ...rest } = s.featureStore;
    if (persistence) {
        return { ...rest, persistence };
    }
    const preferred = featureStoreDefaults[s.environment].persistence;
    if (preferred && featureStoreLimits[s.cloud]({ featureStore: { ...rest, persistence: preferred } }) === undefined) {
        return { ...rest, persistence: preferred };
    }
    return { ...rest, persistence: strongestPersistence(s.cloud, rest) };
}
