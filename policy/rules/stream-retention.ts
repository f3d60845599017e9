import { StackValidationPolicy } from "@pulumi/policy";
import { topics } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minRetentionHours: number;
}

export const streamRetention: StackValidationPolicy = {
    name: "stream-retention",
    description:
        "Topics keep messages at least minRetentionHours, so consumers can replay after an outage or a bad deploy. " +
        "Fix: raise retentionHours of the topic in ai-data-platform:stream.topics.",
    configSchema: {
        properties: {
            minRetentionHours: { type: "integer", minimum: 1, default: 168, description: "Shortest retention accepted, in hours." },
        },
    },
    validateStack: (args, report) => {
        const { minRetentionHours } = args.getConfig<Config>();
        for (const topic of topics(new ResourceIndex(args.resources))) {
            const hours = topic.retentionHours();
            if (hours !== undefined && hours < minRetentionHours) {
                report(`${describe(topic.resource)} (${topic.name()}) keeps messages ${hours} hours (at least ${minRetentionHours} required).`, topic.resource.urn);
            }
        }
    },
};
