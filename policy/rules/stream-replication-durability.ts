import { StackValidationPolicy } from "@pulumi/policy";
import { streams, topics } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minReplicationFactor: number;
    minInSyncReplicas: number;
}

export const streamReplicationDurability: StackValidationPolicy = {
    name: "stream-replication-durability",
    description:
        "Every message is on minReplicationFactor brokers and acknowledged by minInSyncReplicas, so losing a broker or a zone loses nothing. " +
        "Fix: MSK — default.replication.factor and min.insync.replicas in the cluster configuration and replicationFactor on topics; " +
        "Managed Service for Apache Kafka — replicationFactor on topics (Event Hubs keeps copies on its own).",
    configSchema: {
        properties: {
            minReplicationFactor: { type: "integer", minimum: 1, default: 3, description: "Fewest copies of each partition." },
            minInSyncReplicas: { type: "integer", minimum: 1, default: 2, description: "Fewest replicas that must acknowledge a write." },
        },
    },
    validateStack: (args, report) => {
        const { minReplicationFactor, minInSyncReplicas } = args.getConfig<Config>();
        const index = new ResourceIndex(args.resources);
        const defaults = new Map<string, number | "managed" | undefined>();
        for (const stream of streams(index)) {
            const rf = stream.defaultReplicationFactor();
            defaults.set(stream.resource.urn, rf);
            const isr = stream.minInSyncReplicas();
            if (typeof rf === "number" && rf < minReplicationFactor) {
                report(`${describe(stream.resource)}: new topics get ${rf} replica(s) (at least ${minReplicationFactor} required).`, stream.resource.urn);
            }
            if (isr === undefined || (typeof isr === "number" && isr < minInSyncReplicas)) {
                report(`${describe(stream.resource)}: min.insync.replicas is ${isr ?? "the broker default (1)"} (at least ${minInSyncReplicas} required).`, stream.resource.urn);
            }
        }
        for (const topic of topics(index)) {
            const rf = topic.replicationFactor() ?? defaults.get(topic.stream()?.urn ?? "");
            if (typeof rf === "number" && rf < minReplicationFactor) {
                report(`${describe(topic.resource)} (${topic.name()}) has ${rf} replica(s) (at least ${minReplicationFactor} required).`, topic.resource.urn);
            }
        }
    },
};
