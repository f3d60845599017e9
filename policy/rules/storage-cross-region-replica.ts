import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores, replicationEdges } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const storageCrossRegionReplica: StackValidationPolicy = {
    name: "storage-cross-region-replica",
    description:
        "Every object store that is not itself a replica is replicated continuously to another region, so a regional outage loses " +
        "at most the replication lag. Fix: keep the LakeBackup component next to the lake, with ai-data-platform:backupRegion different from " +
        "region (AWS — BucketReplicationConfig to a bucket in the backup region; GCP — a replication TransferJob to a bucket there; " +
        "Azure — a geo-redundant SKU (Standard_RAGZRS, Standard_RAGRS, Standard_GZRS or Standard_GRS), which keeps a copy in the region's pair, " +
        "or an ObjectReplicationPolicy to an account in another region).",
    validateStack: (args, report) => {
        const index = new ResourceIndex(args.resources);
        const stores = objectStores(index);
        const regionOf = new Map(stores.map((s) => [s.resource.urn, s]));
        const edges = replicationEdges(index);
        // A store that keeps a copy of itself (Azure geo-redundancy) is not a replica.
        const replicas = new Set(edges.filter((e) => e.target.urn !== e.source.urn).map((e) => e.target.urn));
        const targetsOf = new Map<string, (() => string | undefined)[]>();
        for (const e of edges) {
            const region = e.targetRegion ? () => e.targetRegion?.() : () => regionOf.get(e.target.urn)?.region();
            targetsOf.set(e.source.urn, [...(targetsOf.get(e.source.urn) ?? []), region]);
        }
        for (const store of stores) {
            if (replicas.has(store.resource.urn)) {
                continue;
            }
            const targets = targetsOf.get(store.resource.urn) ?? [];
            if (!targets.length) {
                report(`${describe(store.resource)} is not replicated to another region.`, store.resource.urn);
                continue;
            }
            const here = store.region();
            if (!targets.some((region) => region() !== undefined && region() !== here)) {
                report(`${describe(store.resource)} is replicated only within its own region (${here ?? "unstated"}).`, store.resource.urn);
            }
        }
    },
};
