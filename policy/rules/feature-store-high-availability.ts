import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minReplicasPerShard: number;
}

export const featureStoreHighAvailability: StackValidationPolicy = {
    name: "feature-store-high-availability",
    description:
        "Every shard of a feature store has at least minReplicasPerShard replicas in other zones that take over automatically. Fix: set " +
        "ai-data-platform:featureStore.replicasPerShard 1 or more (ElastiCache: Multi-AZ with automatic failover; Memorystore: replicaCount " +
        "with MULTI_ZONE distribution; Azure Managed Redis: highAvailability Enabled across zones).",
    configSchema: {
        properties: {
            minReplicasPerShard: { type: "integer", minimum: 1, default: 1, description: "Fewest replicas each shard must have in other zones." },
        },
    },
    validateStack: (args, report) => {
        const { minReplicasPerShard } = args.getConfig<Config>();
        for (const store of featureStores(new ResourceIndex(args.resources))) {
            const replicas = store.zoneReplicas();
            if (replicas < minReplicasPerShard) {
                report(`${describe(store.resource)} has ${replicas} replica(s) per shard across zones (at least ${minReplicasPerShard} required).`, store.resource.urn);
            }
        }
    },
};
