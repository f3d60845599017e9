import { StackValidationPolicy } from "@pulumi/policy";
import { deadLetterTopic } from "../lib/platform-conventions";
import { topics } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const streamDeadLetterTopics: StackValidationPolicy = {
    name: "stream-dead-letter-topics",
    description:
        "Every topic has a dead-letter topic `<name>.dlq` in the same stream that keeps messages at least as long, so failed events are " +
        "kept for analysis and replay. Fix: declare topics through ai-data-platform:stream.topics (the platform adds each .dlq) and keep " +
        "stream.dlqRetentionHours at or above every topic's retentionHours.",
    validateStack: (args, report) => {
        const all = topics(new ResourceIndex(args.resources));
        const key = (stream: string | undefined, name: string) => `${stream ?? ""}\u0000${name}`;
        const byName = new Map(all.map((t) => [key(t.stream()?.urn, t.name()), t]));
        for (const topic of all) {
            const name = topic.name();
            if (name.endsWith(".dlq")) {
                continue;
            }
            const dlq = byName.get(key(topic.stream()?.urn, deadLetterTopic(name)));
            if (!dlq) {
                report(`${describe(topic.resource)} (${name}) has no dead-letter topic ${deadLetterTopic(name)}.`, topic.resource.urn);
                continue;
            }
            const kept = topic.retentionHours();
            const dlqKept = dlq.retentionHours();
            if (kept !== undefined && dlqKept !== undefined && dlqKept < kept) {
                report(`${describe(dlq.resource)} (${dlq.name()}) keeps messages ${dlqKept} hours, less than its topic's ${kept}.`, dlq.resource.urn);
            }
        }
    },
};
