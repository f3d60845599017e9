// What streams and topics are, apart from any cloud: the config section and the policy pack read
// these without loading the stream component.

import { deadLetterTopic } from "../../policy/lib/platform-conventions";

export interface TopicSettings {
    readonly name: string;
    /** Partitions can only grow. */
    readonly partitions: number;
    readonly retentionHours: number;
}

export interface StreamSettings {
    readonly topics: readonly TopicSettings[];
    /** Retention of every `<topic>.dlq`; never shorter than the topic's own. */
    readonly dlqRetentionHours: number;
    /** Land topics and dead letters in the lake, partitioned by date. */
    readonly archiveToLake: boolean;
    /** Keep a copy of the streams in the backup region. */
    readonly replicateToBackupRegion: boolean;
}

// How dead-letter topics are named is shared with the policy pack, which checks that each exists.
export { deadLetterTopic };

/** Every topic the platform creates: each configured topic and its dead-letter topic. */
export function allTopics(settings: Pick<StreamSettings, "topics" | "dlqRetentionHours">): TopicSettings[] {
    return settings.topics.flatMap((t) => [t, { name: deadLetterTopic(t.name), partitions: t.partitions, retentionHours: settings.dlqRetentionHours }]);
}

/** Kafka's rule for topic names, which every cloud here accepts too. */
export const kafkaTopicName = /^[a-zA-Z0-9._-]{1,249}$/;
