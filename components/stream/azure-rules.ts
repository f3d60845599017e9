import {
    eventHubName,
    maxEventHubsPerNamespace,
    maxPartitionsPerEventHub,
    maxRetentionHours,
    partitionsPerProcessingUnit,
    processingUnitsFor,
    processingUnitSteps,
} from "./azure-limits";
import { allTopics, deadLetterTopic } from "./topics";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What Event Hubs (Premium, the tier every Azure stack uses) cannot do with a stream config the other
// clouds accept. Each rule throws one ConfigError naming the key, the value and what Azure allows;
// sources in components/stream/azure-limits.ts.
export const azureStreamRules: CloudRule[] = [
    (s, ns) => {
        s.stream.topics.forEach((topic, i) => {
            if (!eventHubName.test(topic.name)) {
                throw new ConfigError(
                    `${ns}:stream.topics[${i}].name`,
                    topic.name,
                    "on azure, a name that starts and ends with a letter or digit (each topic is an event hub, and Event Hubs names allow '.', '_' and '-' only inside)",
                );
            }
        });
    },
    (s, ns) => {
        // Azure resource names are case-insensitive: `Orders` and `orders` would be the same event hub.
        const seen = new Map<string, string>();
        s.stream.topics.forEach((topic, i) => {
            for (const name of [topic.name, deadLetterTopic(topic.name)]) {
                const clash = seen.get(name.toLowerCase());
                if (clash !== undefined && clash !== name) {
                    throw new ConfigError(`${ns}:stream.topics[${i}].name`, topic.name, `on azure, a name that differs from ${clash} in more than letter case (event hub names are case-insensitive)`);
                }
                seen.set(name.toLowerCase(), name);
            }
        });
    },
    (s, ns) => {
        s.stream.topics.forEach((topic, i) => {
            if (topic.partitions > maxPartitionsPerEventHub) {
                throw new ConfigError(`${ns}:stream.topics[${i}].partitions`, topic.partitions, `${maxPartitionsPerEventHub} or fewer on azure (partitions of one Event Hubs Premium event hub)`);
            }
        });
    },
    (s, ns) => {
        const hubs = allTopics(s.stream).length;
        if (hubs > maxEventHubsPerNamespace) {
            throw new ConfigError(
                `${ns}:stream.topics`,
                `${s.stream.topics.length} topics`,
                `at most ${maxEventHubsPerNamespace / 2} topics on azure (each topic and its dead-letter topic is an event hub, and an Event Hubs Premium namespace holds ${maxEventHubsPerNamespace})`,
            );
        }
    },
    (s, ns) => {
        const partitions = allTopics(s.stream).reduce((n, t) => n + t.partitions, 0);
        if (processingUnitsFor(partitions) === undefined) {
            const max = processingUnitSteps[processingUnitSteps.length - 1] * partitionsPerProcessingUnit;
            throw new ConfigError(
                `${ns}:stream.topics`,
                `${partitions} partitions with the dead-letter topics`,
                `at most ${max} partitions in all on azure, dead-letter topics included (an Event Hubs Premium namespace holds ${partitionsPerProcessingUnit} per processing unit, ${processingUnitSteps[processingUnitSteps.length - 1]} units at most)`,
            );
        }
    },
    (s, ns) => {
        s.stream.topics.forEach((topic, i) => {
            if (topic.retentionHours > maxRetentionHours) {
                throw new ConfigError(`${ns}:stream.topics[${i}].retentionHours`, topic.retentionHours, `${maxRetentionHours} or fewer on azure (Event Hubs Premium keeps events 90 days at most)`);
            }
        });
        if (s.stream.dlqRetentionHours > maxRetentionHours) {
            throw new ConfigError(`${ns}:stream.dlqRetentionHours`, s.stream.dlqRetentionHours, `${maxRetentionHours} or fewer on azure (Event Hubs Premium keeps events 90 days at most)`);
        }
    },
    (s, ns) => {
        // Geo-disaster recovery, the cross-region feature of the Event Hubs API the platform uses, copies the
        // namespace's event hubs but not their events; the events reach the backup region only through
        // Capture into the lake, whose geo-redundant storage copies them there.
        // https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr
        if (s.stream.replicateToBackupRegion && !s.stream.archiveToLake) {
            throw new ConfigError(
                `${ns}:stream.archiveToLake`,
                s.stream.archiveToLake,
                "true on azure when stream.replicateToBackupRegion is true (Event Hubs geo-disaster recovery copies topics, not events; events reach the backup region through the lake archive and the lake's geo-redundant copy)",
            );
        }
    },
];
