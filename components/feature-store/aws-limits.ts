// ElastiCache for Valkey facts the AWS implementation and the stack config rely on, each with its
// source. No SDK imports.
import { featureStoreBackupRetentionCaps } from "../../policy/lib/platform-conventions";
import { blockAfter, vpcBlockProblem } from "../network/address-plan";
import { FeatureStoreLimits, firstProblem, NodeSize, perShardGb, smallestHolding } from "./limits";

/**
 * ElastiCache keeps 25% of a node's memory for snapshots, replication and failover by default
 * (`reserved-memory-percent` of the default parameter groups).
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/redis-memory-management.html
 */
export const reservedMemoryShare = 0.25;

const usable = (gib: number) => Math.round(gib * (1 - reservedMemoryShare) * 100) / 100;

/**
 * Graviton memory-optimized nodes (GiB per node). R7g is a family Global Datastore and durability
 * both accept, at large and above.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html
 */
export const r7gNodes: readonly NodeSize[] = [
    { name: "cache.r7g.large", usableGb: usable(13.07) },
    { name: "cache.r7g.xlarge", usableGb: usable(26.32) },
    { name: "cache.r7g.2xlarge", usableGb: usable(52.82) },
    { name: "cache.r7g.4xlarge", usableGb: usable(105.81) },
    { name: "cache.r7g.8xlarge", usableGb: usable(209.55) },
    { name: "cache.r7g.12xlarge", usableGb: usable(317.77) },
    { name: "cache.r7g.16xlarge", usableGb: usable(419.09) },
];

/** Burstable nodes, for a store without a cross-region copy or durability (neither takes them). Same source. */
export const t4gNodes: readonly NodeSize[] = [
    { name: "cache.t4g.micro", usableGb: usable(0.5) },
    { name: "cache.t4g.small", usableGb: usable(1.37) },
    { name: "cache.t4g.medium", usableGb: usable(3.09) },
];

/** Replicas per shard: 0 to 5. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.Redis-RedisCluster.html */
export const maxReplicasPerShard = 5;

/** Shards of a cluster-mode replication group: up to 500. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.NodeGroups.html */
export const maxShards = 500;

/**
 * Valkey 8.2 for every store, 9.0 where `persistence: aof` asks for durability, which needs it.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html
 */
export const engineVersion = "8.2";
export const durableEngineVersion = "9.0";

/** Automatic snapshots are kept 0 to 35 days. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html */
export const maxSnapshotRetentionDays = featureStoreBackupRetentionCaps.elastiCache;

/** The node type a store needs: the smallest that holds one shard's share, from the families its features allow. */
export function awsNodeType(s: { memoryGb: number; shards: number; crossRegion: boolean; persistence: string }): string | undefined {
    const burstable = !s.crossRegion && s.persistence !== "aof";
    return smallestHolding([...(burstable ? t4gNodes : []), ...r7gNodes], perShardGb(s))?.name;
}

export const awsFeatureStoreLimits: FeatureStoreLimits = (s) =>
    firstProblem(s, [
        ({ featureStore: f }) =>
            f.shards > maxShards ? { key: "shards", value: f.shards, allowed: `1 to ${maxShards} on aws (shards of an ElastiCache replication group)` } : undefined,
        ({ featureStore: f }) =>
            f.replicasPerShard > maxReplicasPerShard
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: `0 to ${maxReplicasPerShard} on aws (ElastiCache replicas per shard)` }
                : undefined,
        ({ featureStore: f }) =>
            awsNodeType(f) === undefined
                ? {
                      key: "memoryGb",
                      value: f.memoryGb,
                      allowed: `at most ${r7gNodes[r7gNodes.length - 1].usableGb * f.shards} on aws with ${f.shards} shard(s) (${r7gNodes[r7gNodes.length - 1].name} holds ${r7gNodes[r7gNodes.length - 1].usableGb} GB per shard after ElastiCache's 25% reserve); add shards for more`,
                  }
                : undefined,
        // Durability (Valkey 9.0's Multi-AZ transaction log) is ElastiCache's only write-by-write persistence,
        // and it is not available with Global Datastore and needs a replica in another zone.
        // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Limitations.html
        ({ featureStore: f }) =>
            f.persistence === "aof" && f.crossRegion
                ? {
                      key: "persistence",
                      value: f.persistence,
                      allowed: "rdb or none on aws when crossRegion is true (ElastiCache durability, its only per-write persistence, does not work with a Global Datastore)",
                  }
                : undefined,
        ({ featureStore: f }) =>
            f.persistence === "aof" && f.replicasPerShard < 1
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: "1 or more on aws with persistence aof (ElastiCache durability needs a replica in another zone)" }
                : undefined,
        // Global Datastore needs automatic failover on the primary, which needs a replica per shard.
        // https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html
        ({ featureStore: f }) =>
            f.crossRegion && f.replicasPerShard < 1
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: "1 or more on aws when crossRegion is true (a Global Datastore's primary needs automatic failover)" }
                : undefined,
    ]);

/**
 * The block of the backup region's VPC for the store's Global Datastore secondary: the second block
 * after network.cidr, of the same size (10.42.0.0/16 after 10.40.0.0/16; the first is the streams'
 * replica VPC), so the platform's VPCs never overlap and can be routed to each other later.
 */
export function secondaryCidr(cidr: string): string {
    return blockAfter(cidr, 2);
}

/**
 * Why the secondary's block cannot be a VPC of this platform, or undefined when it can: it must be in a
 * private (RFC 1918) range and clear of the pod and service ranges.
 */
export function secondaryCidrProblem(cidr: string, podCidr: string, serviceCidr: string): string | undefined {
    const block = secondaryCidr(cidr);
    return vpcBlockProblem(block, `the second block after it, ${block}, which the feature store's Global Datastore secondary takes,`, podCidr, serviceCidr);
}
