import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys/contract";
import { LakeOutputs } from "../lake/contract";
import { NetworkRef } from "../network/contract";
import { RegionalProviders } from "../providers/contract";
import { PlatformContext } from "../shared/context";
import { AccessGrant, TopicAccess } from "../shared/grants";
import { StreamSettings } from "./topics";

export { allTopics, deadLetterTopic, kafkaTopicName, StreamSettings, TopicSettings } from "./topics";

export interface EventStreamsArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly network: NetworkRef;
    /** Where archived topics and dead letters land. */
    readonly lake: pulumi.Resource & LakeOutputs;
    readonly settings: StreamSettings;
}

/**
 * How far the copy in the backup region may trail the primary: what is lost with the primary region.
 * `minutes` where the cloud states a bound (sla) or the platform plans one (best-effort); none where
 * the copy is asynchronous with no stated bound, and only the lag metric says (replication-lag).
 */
export interface StreamRecoveryPoint {
    readonly basis: "sla" | "best-effort" | "replication-lag";
    readonly minutes?: number;
    /** What measures it: the metric to alert on. */
    readonly measuredBy: string;
}

/** What a Kafka client needs, on every cloud. */
export interface StreamOutputs {
    readonly bootstrapServers: pulumi.Output<string>;
    /** SASL mechanism clients authenticate with (`AWS_MSK_IAM`, `OAUTHBEARER`, ...). */
    readonly authMechanism: string;
    /** Properties a Kafka client loads as they are (security.protocol, sasl.mechanism, ...). */
    readonly kafkaClientProperties: pulumi.Output<Record<string, string>>;
    readonly topics: string[];
    /** Topic → its dead-letter topic. */
    readonly deadLetterTopics: Record<string, string>;
    /** The copy in the backup region, where one is kept. */
    readonly replicaBootstrapServers: pulumi.Output<string | undefined>;
    /** The copy's recovery point, where one is kept. */
    readonly replicaRecoveryPoint: StreamRecoveryPoint | undefined;
}

/** The cloud's stream parts. */
export interface CloudStreams extends Omit<StreamOutputs, "topics" | "deadLetterTopics"> {
    /** Permission to produce to or consume from one topic (and its dead-letter topic). */
    grant(topic: string, access: TopicAccess): AccessGrant;
}

export type CreateStreams = (self: pulumi.ComponentResource, args: EventStreamsArgs) => CloudStreams;

/** What a cloud provides for this capability. */
export interface StreamImplementation {
    readonly createStreams: CreateStreams;
}
