import { StackValidationPolicy } from "@pulumi/policy";
import { streamReplicationEdges, streams } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const streamCrossRegionReplication: StackValidationPolicy = {
    name: "stream-cross-region-replication",
    description:
        "Every stream that is not itself a copy is replicated to a stream in another region. Fix: set " +
        "ai-data-platform:stream.replicateToBackupRegion true (MSK Replicator; a MirrorMaker 2 connector; on Azure, a Geo-DR pairing plus " +
        "Capture of every event hub into the replicated lake, since the Event Hubs API the SDK uses has no event geo-replication).",
    validateStack: (args, report) => {
        const index = new ResourceIndex(args.resources);
        const all = streams(index);
        const byUrn = new Map(all.map((s) => [s.resource.urn, s]));
        const edges = streamReplicationEdges(index);
        const copies = new Set(edges.map((e) => e.target.urn));
        const targetsOf = new Map<string, string[]>();
        for (const e of edges) {
            targetsOf.set(e.source.urn, [...(targetsOf.get(e.source.urn) ?? []), e.target.urn]);
        }
        for (const stream of all) {
            if (copies.has(stream.resource.urn)) {
                continue;
            }
            const here = stream.region();
            const targets = (targetsOf.get(stream.resource.urn) ?? []).map((u) => byUrn.get(u)?.region());
            if (!targets.some((region) => region !== undefined && region !== here)) {
                report(`${describe(stream.resource)} is not replicated to another region.`, stream.resource.urn);
            }
        }
    },
};
