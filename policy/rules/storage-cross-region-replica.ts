import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores, replicationEdges } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const storageCrossRegionReplica: StackValidationPolicy = {
    name: "storage-cross-region-replica",
    description:
        "Every object store that is not itself a replica is replicated continuously to a store in another region, so a regional outage loses " +
        "at most the replication lag. Fix: keep the LakeBackup component next to the lake, with ai-data-platform:backupRegion different from " +
        "region (AWS — BucketReplicationConfig to a bucket in the backup region; GCP — a replication TransferJob to a bucket there; " +
        "Azure — an ObjectReplicationPolicy to an account there).",
    validateStack: (args, report) => {
        const index = new ResourceIndex(args.resources);
        const stores = objectStores(index);
        const regionOf = new Map(stores.map((s) => [s.resource.urn, s]));
        const edges = replicationEdges(index);
        const replicas = new Set(edges.map((e) => e.target.urn));
        const targetsOf = new Map<string, string[]>();
        for (const e of edges) {
            targetsOf.set(e.source.urn, [...(targetsOf.get(e.source.urn) ?? []), e.target.urn]);
        }
        for (const store of stores) {
            if (replicas.has(store.resource.urn)) {
                continue;
            }
            const targets = (targetsOf.get(store.resource.urn) ?? []).map((urn) => regionOf.get(urn));
            if (!targets.length) {
                report(`${describe(store.resource)} is not replicated to another region.`, store.resource.urn);
                continue;
            }
            const here = store.region();
            if (!targets.some((target) => target && target.region() !== undefined && target.region() !== here)) {
                report(`${describe(store.resource)} is replicated only within its own region (${here ?? "unstated"}).`, store.resource.urn);
            }
        }
    },
};
