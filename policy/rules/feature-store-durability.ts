import { StackValidationPolicy } from "@pulumi/policy";
import { featureStoreReplicationEdges, featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const featureStoreDurability: StackValidationPolicy = {
    name: "feature-store-durability",
    description:
        "A feature store that is not itself a copy keeps its data beyond memory: persistence (AOF or RDB snapshots) or a copy in another " +
        "region. Fix: set ai-data-platform:featureStore.persistence aof or rdb, or crossRegion true (ElastiCache: snapshotRetentionLimit or a " +
        "Global Datastore; Memorystore: persistenceConfig or a cross-instance secondary; Azure Managed Redis: persistence or active geo-replication).",
    validateStack: (args, report) => {
        const index = new ResourceIndex(args.resources);
        const all = featureStores(index);
        const byUrn = new Map(all.map((s) => [s.resource.urn, s]));
        const edges = featureStoreReplicationEdges(index);
        const copies = new Set(edges.map((e) => e.target.urn));
        // Only a copy in another region survives the loss of the store's region.
        const elsewhere = (e: (typeof edges)[number]) => {
            const [from, to] = [byUrn.get(e.source.urn)?.region(), byUrn.get(e.target.urn)?.region()];
            return from !== undefined && to !== undefined && from !== to;
        };
        const copied = new Set(edges.filter(elsewhere).map((e) => e.source.urn));
        for (const store of all) {
            const urn = store.resource.urn;
            if (copies.has(urn) || copied.has(urn)) {
                continue;
            }
            if (store.persistence() === "none") {
                report(`${describe(store.resource)} keeps its data in memory only: no persistence and no copy in another region.`, urn);
            }
        }
    },
};
