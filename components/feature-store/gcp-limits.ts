// Memorystore for Valkey facts the GCP implementation and the stack config rely on, each with its
// source. No SDK imports.
import { featureStoreBackupRetentionCaps } from "../../policy/lib/platform-conventions";
import { FeatureStoreLimits, firstProblem, NodeSize, perShardGb, smallestHolding } from "./limits";

type GcpNodeType = "SHARED_CORE_NANO" | "STANDARD_SMALL" | "HIGHMEM_MEDIUM" | "HIGHMEM_XLARGE";

/**
 * Node types with their default writable keyspace (GB; total node capacity 1.4 / 6.5 / 13 / 58 GB,
 * the rest reserved against out-of-memory errors). shared-core-nano has no SLA, so a store with a
 * cross-region copy (prod's) starts at standard-small.
 * https://cloud.google.com/memorystore/docs/valkey/instance-node-specification
 */
export const gcpNodes: readonly NodeSize<GcpNodeType>[] = [
    { name: "SHARED_CORE_NANO", usableGb: 1.12 },
    { name: "STANDARD_SMALL", usableGb: 5.2 },
    { name: "HIGHMEM_MEDIUM", usableGb: 10.4 },
    { name: "HIGHMEM_XLARGE", usableGb: 46.4 },
];

/** Shards of a cluster-mode instance: 1 to 250. https://cloud.google.com/memorystore/docs/valkey/instance-node-specification */
export const maxShards = 250;

/** Replicas per shard: 0 to 5. https://cloud.google.com/memorystore/docs/valkey/create-instances */
export const maxReplicasPerShard = 5;

/**
 * Automated backups are kept 1 to 365 days (`automatedBackupConfig.retention`, @pulumi/gcp 9.37).
 * https://cloud.google.com/memorystore/docs/valkey/automated-backups
 */
export const maxBackupRetentionDays = featureStoreBackupRetentionCaps.memorystore;

/** Valkey 8.0; 7.2, 8.0 and 9.0 are supported. https://cloud.google.com/memorystore/docs/valkey/supported-versions */
export const engineVersion = "VALKEY_8_0";

export function gcpNodeType(s: { memoryGb: number; shards: number; crossRegion: boolean }): GcpNodeType | undefined {
    return smallestHolding(s.crossRegion ? gcpNodes.slice(1) : gcpNodes, perShardGb(s))?.name;
}

const largest = gcpNodes[gcpNodes.length - 1];

export const gcpFeatureStoreLimits: FeatureStoreLimits = (s) =>
    firstProblem(s, [
        ({ featureStore: f }) =>
            f.shards > maxShards ? { key: "shards", value: f.shards, allowed: `1 to ${maxShards} on gcp (shards of a Memorystore for Valkey instance)` } : undefined,
        ({ featureStore: f }) =>
            f.replicasPerShard > maxReplicasPerShard
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: `0 to ${maxReplicasPerShard} on gcp (Memorystore for Valkey replicas per shard)` }
                : undefined,
        ({ featureStore: f }) =>
            gcpNodeType(f) === undefined
                ? {
                      key: "memoryGb",
                      value: f.memoryGb,
                      allowed: `at most ${largest.usableGb * f.shards} on gcp with ${f.shards} shard(s) (a ${largest.name.toLowerCase()} node holds ${largest.usableGb} GB of keys); add shards for more`,
                  }
                : undefined,
    ]);
