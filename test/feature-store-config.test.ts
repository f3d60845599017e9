import * as assert from "assert";
import { awsNodeType } from "../components/feature-store/aws-limits";
import { azureEvictionPolicy } from "../components/feature-store/azure-names";
import { azureSku } from "../components/feature-store/azure-limits";
import { gcpNodeType } from "../components/feature-store/gcp-limits";
import { Cloud, clouds } from "../components/shared/context";
import { assertRefused, configErrorFor, parsedConfig } from "./support/config";

// `ai-data-platform:featureStore`: the defaults each environment gets on each cloud, and every value
// the config refuses, with the one line that names the key, the value and what that cloud allows.

const ns = "ai-data-platform";
const fs = (value: Record<string, unknown>) => ({ [`${ns}:featureStore`]: value });

const refused = (cloud: Cloud, value: Record<string, unknown>, key: string, allowed: RegExp, env: "dev" | "prod" = "prod"): string =>
    assertRefused(cloud, fs(value), `featureStore.${key}`, allowed, env).message;

describe("config: featureStore", () => {
    describe("defaults (the section left out: the store is always part of the platform)", () => {
        it("prod: 8 GB, one shard with a replica in another zone, a copy in the backup region, volatile-lru", () => {
            for (const cloud of clouds) {
                const { persistence, ...rest } = parsedConfig(cloud, {}, "prod").featureStore;
                assert.deepStrictEqual(rest, { memoryGb: 8, shards: 1, replicasPerShard: 1, crossRegion: true, evictionPolicy: "volatile-lru" }, cloud);
                assert.ok(persistence, cloud);
            }
        });
        it("prod persistence is the strongest each cloud allows with the copy: rdb on aws (no durability with a Global Datastore), aof on gcp, none on azure (geo-replication excludes it)", () => {
            assert.deepStrictEqual(
                clouds.map((c) => parsedConfig(c, {}, "prod").featureStore.persistence),
                ["rdb", "aof", "none"],
            );
        });
        it("without the copy, prod takes aof where the cloud can: durability on aws (a replica per shard), persistence on azure", () => {
            assert.deepStrictEqual(
                clouds.map((c) => parsedConfig(c, fs({ crossRegion: false }), "prod").featureStore.persistence),
                ["aof", "aof", "aof"],
            );
        });
        it("dev: 1 GB, no replica, no copy, rdb snapshots", () => {
            for (const cloud of clouds) {
                assert.deepStrictEqual(
                    parsedConfig(cloud, {}, "dev").featureStore,
                    { memoryGb: 1, shards: 1, replicasPerShard: 0, persistence: "rdb", crossRegion: false, evictionPolicy: "volatile-lru" },
                    cloud,
                );
            }
        });
        it("dev with a copy on azure falls back to the strongest persistence azure allows with it (none) instead of refusing its own default", () => {
            assert.strictEqual(parsedConfig("azure", fs({ crossRegion: true, replicasPerShard: 1 }), "dev").featureStore.persistence, "none");
        });
        it("a section given in part keeps the other defaults", () => {
            const c = parsedConfig("gcp", fs({ memoryGb: 20, evictionPolicy: "allkeys-lfu" }), "prod").featureStore;
            assert.deepStrictEqual([c.memoryGb, c.shards, c.replicasPerShard, c.crossRegion, c.evictionPolicy], [20, 1, 1, true, "allkeys-lfu"]);
        });
    });

    describe("errors on every cloud", () => {
        for (const cloud of clouds) {
            it(`${cloud}: negative or absurd memory, a fraction of a shard, negative replicas, unknown persistence or eviction policy, an unknown key`, () => {
                refused(cloud, { memoryGb: -1 }, "memoryGb", /got -1; allowed: a number of GB above 0 and at most 10000/);
                refused(cloud, { memoryGb: 0 }, "memoryGb", /above 0/);
                refused(cloud, { memoryGb: 1_000_000 }, "memoryGb", /at most 10000/);
                refused(cloud, { memoryGb: "lots" }, "memoryGb", /got "lots"/);
                refused(cloud, { shards: 1.5 }, "shards", /a whole number of shards, 1 or more/);
                refused(cloud, { shards: 0 }, "shards", /1 or more/);
                refused(cloud, { replicasPerShard: -1 }, "replicasPerShard", /a whole number of replicas, 0 or more/);
                refused(cloud, { persistence: "always" }, "persistence", /got "always"; allowed: aof \| rdb \| none/);
                refused(cloud, { evictionPolicy: "lru" }, "evictionPolicy", /noeviction \| allkeys-lru \| allkeys-lfu/);
                refused(cloud, { crossRegion: "yes" }, "crossRegion", /true \| false/);
                refused(cloud, { memoryGB: 4 }, "memoryGB", /one of the keys memoryGb, shards, replicasPerShard, persistence, crossRegion, evictionPolicy \(did you mean memoryGb\?\)/);
            });
        }
        it("the whole section must be an object", () => {
            const err = configErrorFor("aws", { [`${ns}:featureStore`]: "big" });
            assert.match(err.message, /invalid config ai-data-platform:featureStore: got "big"; allowed: an object with the keys memoryGb, shards/);
        });
    });

    describe("what one cloud cannot do", () => {
        it("azure: persistence with active geo-replication", () => {
            const message = refused("azure", { persistence: "aof", crossRegion: true }, "persistence", /none on azure when crossRegion is true \(Azure Managed Redis active geo-replication does not support data persistence\)/);
            assert.match(message, /^invalid config ai-data-platform:featureStore\.persistence: got "aof"; allowed: /);
            refused("azure", { persistence: "rdb" }, "persistence", /none on azure when crossRegion is true/);
        });
        it("azure: more than one shard, more than one replica, geo-replication without high availability, more than the largest SKU", () => {
            refused("azure", { shards: 2 }, "shards", /1 on azure \(Azure Managed Redis shards by SKU on its own; raise memoryGb instead\)/);
            refused("azure", { replicasPerShard: 2 }, "replicasPerShard", /0 or 1 on azure/);
            refused("azure", { replicasPerShard: 0 }, "replicasPerShard", /1 on azure when crossRegion is true \(active geo-replication needs high availability\)/);
            refused("azure", { memoryGb: 1000 }, "memoryGb", /at most 960 on azure \(Balanced_B1000/);
        });
        it("aws: aof (durability) with a Global Datastore or without a replica; a copy without automatic failover; more than 5 replicas or 500 shards", () => {
            refused("aws", { persistence: "aof" }, "persistence", /rdb or none on aws when crossRegion is true \(ElastiCache durability.*Global Datastore\)/);
            refused("aws", { persistence: "aof", crossRegion: false, replicasPerShard: 0 }, "replicasPerShard", /1 or more on aws with persistence aof/);
            refused("aws", { replicasPerShard: 0 }, "replicasPerShard", /1 or more on aws when crossRegion is true/);
            refused("aws", { replicasPerShard: 6 }, "replicasPerShard", /0 to 5 on aws/);
            refused("aws", { shards: 501 }, "shards", /1 to 500 on aws/);
        });
        it("aws and gcp: more memory per shard than the largest node, with the way out (more shards)", () => {
            refused("aws", { memoryGb: 400 }, "memoryGb", /at most 314\.32 on aws with 1 shard\(s\) \(cache\.r7g\.16xlarge holds 314\.32 GB per shard after ElastiCache's 25% reserve\); add shards for more/);
            assert.strictEqual(parsedConfig("aws", fs({ memoryGb: 400, shards: 2 })).featureStore.shards, 2);
            refused("gcp", { memoryGb: 50 }, "memoryGb", /at most 46\.4 on gcp with 1 shard\(s\) \(a highmem_xlarge node holds 46\.4 GB of keys\); add shards for more/);
            refused("gcp", { replicasPerShard: 6 }, "replicasPerShard", /0 to 5 on gcp/);
            refused("gcp", { shards: 251 }, "shards", /1 to 250 on gcp/);
        });
        it("aws: a network block whose secondary VPC block would leave the private ranges, only when the copy is kept", () => {
            // 172.31.0.0/16 (the streams' replica block) is private; 172.32.0.0/16 is not.
            const cidr = { [`${ns}:network`]: { cidr: "172.30.0.0/16" } };
            const err = configErrorFor("aws", cidr);
            assert.strictEqual(err.key, `${ns}:network.cidr`);
            assert.match(err.message, /on aws with featureStore\.crossRegion.*172\.32\.0\.0\/16.*not in a private \(RFC 1918\) range/);
            assert.ok(parsedConfig("aws", { ...cidr, ...fs({ crossRegion: false }), [`${ns}:stream`]: { replicateToBackupRegion: false } }));
        });
    });

    describe("the size each cloud picks for memoryGb (the smallest that holds a shard's share)", () => {
        it("aws: r7g from large up with a copy or durability; burstable t4g otherwise; ElastiCache's 25% reserve counted", () => {
            assert.strictEqual(awsNodeType({ memoryGb: 8, shards: 1, crossRegion: true, persistence: "rdb" }), "cache.r7g.large");
            assert.strictEqual(awsNodeType({ memoryGb: 10, shards: 1, crossRegion: true, persistence: "rdb" }), "cache.r7g.xlarge");
            assert.strictEqual(awsNodeType({ memoryGb: 1, shards: 1, crossRegion: false, persistence: "rdb" }), "cache.t4g.small");
            assert.strictEqual(awsNodeType({ memoryGb: 1, shards: 1, crossRegion: false, persistence: "aof" }), "cache.r7g.large");
            assert.strictEqual(awsNodeType({ memoryGb: 30, shards: 2, crossRegion: true, persistence: "rdb" }), "cache.r7g.xlarge");
        });
        it("gcp: writable keyspace per node; no shared-core node with a copy (it has no SLA)", () => {
            assert.strictEqual(gcpNodeType({ memoryGb: 1, shards: 1, crossRegion: false }), "SHARED_CORE_NANO");
            assert.strictEqual(gcpNodeType({ memoryGb: 1, shards: 1, crossRegion: true }), "STANDARD_SMALL");
            assert.strictEqual(gcpNodeType({ memoryGb: 8, shards: 1, crossRegion: true }), "HIGHMEM_MEDIUM");
            assert.strictEqual(gcpNodeType({ memoryGb: 20, shards: 2, crossRegion: true }), "HIGHMEM_MEDIUM");
        });
        it("azure: Balanced SKUs; B0 and B1 not with geo-replication", () => {
            assert.strictEqual(azureSku({ memoryGb: 1, crossRegion: false }), "Balanced_B1");
            assert.strictEqual(azureSku({ memoryGb: 1, crossRegion: true }), "Balanced_B3");
            assert.strictEqual(azureSku({ memoryGb: 8, crossRegion: true }), "Balanced_B10");
        });
        it("azure: eviction policies in the service's spelling", () => {
            assert.deepStrictEqual(["noeviction", "allkeys-lru", "volatile-ttl", "volatile-random"].map(azureEvictionPolicy), ["NoEviction", "AllKeysLRU", "VolatileTTL", "VolatileRandom"]);
        });
    });
});
