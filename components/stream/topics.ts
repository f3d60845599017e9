// What streams and topics are, apart from any cloud: the config section and the policy pack read
// these without loading the stream component.

import { deadLetterTopic } from "../../policy/lib/platform-conventions";
import { EnvironmentProfile } from "../shared/profile";

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

/** Copies of each partition, and how many must have a write before it is acknowledged. */
export interface TopicDurability {
    readonly replicationFactor: number;
    readonly minInSyncReplicas: number;
}

/**
 * Where the cloud leaves replication to the platform (MSK, Managed Service for Apache Kafka): the
 * profile's `streamReplicas` copies of every partition, one per zone, and a write acknowledged once
 * all but one have it, so losing a broker or a zone loses no acknowledged message and keeps producers
 * writing. Prod: 3 and 2; dev: 2 and 1 (what policy/config/dev.json accepts), one copy less of disk and
 * inter-broker traffic for data nobody depends on. Google recommends and defaults to three replicas:
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 */
export function topicDurability(profile: Pick<EnvironmentProfile, "streamReplicas">): TopicDurability {
    return { replicationFactor: profile.streamReplicas, minInSyncReplicas: profile.streamReplicas - 1 };
}
