// Azure Managed Redis facts the Azure implementation and the stack config rely on, each with its
// source. No SDK imports.
import { FeatureStoreLimits, firstProblem, NodeSize, smallestHolding } from "./limits";

/**
 * Balanced SKUs and their cache size (GB), from "Choosing the right tier" in the Azure Managed Redis
 * overview: https://learn.microsoft.com/azure/redis/overview . The SKU names are the enum of
 * azure-native 3.28 `redisenterprise` (SkuName).
 */
export const balancedSkus: readonly NodeSize[] = [
    { name: "Balanced_B0", usableGb: 0.5 },
    { name: "Balanced_B1", usableGb: 1 },
    { name: "Balanced_B3", usableGb: 3 },
    { name: "Balanced_B5", usableGb: 6 },
    { name: "Balanced_B10", usableGb: 12 },
    { name: "Balanced_B20", usableGb: 24 },
    { name: "Balanced_B50", usableGb: 60 },
    { name: "Balanced_B100", usableGb: 120 },
    { name: "Balanced_B150", usableGb: 180 },
    { name: "Balanced_B250", usableGb: 240 },
    { name: "Balanced_B350", usableGb: 360 },
    { name: "Balanced_B500", usableGb: 480 },
    { name: "Balanced_B700", usableGb: 720 },
    { name: "Balanced_B1000", usableGb: 960 },
];

/**
 * Active geo-replication excludes B0 and B1, needs high availability, and excludes data persistence.
 * https://learn.microsoft.com/azure/redis/how-to-active-geo-replication
 */
export const noGeoReplicationSkus: readonly string[] = ["Balanced_B0", "Balanced_B1"];

/** Azure Managed Redis listens on 10000 (TLS). https://learn.microsoft.com/azure/redis/how-to-upgrade — VERIFY on first deploy. */
export const azurePort = 10000;

export function azureSku(s: { memoryGb: number; crossRegion: boolean }): string | undefined {
    const eligible = s.crossRegion ? balancedSkus.filter((k) => !noGeoReplicationSkus.includes(k.name)) : balancedSkus;
    return smallestHolding(eligible, s.memoryGb)?.name;
}

const largest = balancedSkus[balancedSkus.length - 1];

export const azureFeatureStoreLimits: FeatureStoreLimits = (s) =>
    firstProblem(s, [
        // The service shards a cache by its SKU on its own (OSS cluster policy); there is no shard count to set.
        ({ featureStore: f }) =>
            f.shards !== 1 ? { key: "shards", value: f.shards, allowed: "1 on azure (Azure Managed Redis shards by SKU on its own; raise memoryGb instead)" } : undefined,
        // High availability is one replica of every shard in another zone, or none.
        ({ featureStore: f }) =>
            f.replicasPerShard > 1
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: "0 or 1 on azure (Azure Managed Redis high availability keeps one replica)" }
                : undefined,
        ({ featureStore: f }) =>
            azureSku(f) === undefined
                ? { key: "memoryGb", value: f.memoryGb, allowed: `at most ${largest.usableGb} on azure (${largest.name}, the largest Balanced SKU)` }
                : undefined,
        ({ featureStore: f }) =>
            f.crossRegion && f.persistence !== "none"
                ? {
                      key: "persistence",
                      value: f.persistence,
                      allowed: "none on azure when crossRegion is true (Azure Managed Redis active geo-replication does not support data persistence)",
                  }
                : undefined,
        ({ featureStore: f }) =>
            f.crossRegion && f.replicasPerShard < 1
                ? { key: "replicasPerShard", value: f.replicasPerShard, allowed: "1 on azure when crossRegion is true (active geo-replication needs high availability)" }
                : undefined,
    ]);
