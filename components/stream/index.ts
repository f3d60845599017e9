import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys";
import { LakeOutputs } from "../lake";
import { Network } from "../network";
import { RegionalProviders } from "../providers";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";
import { AccessGrant, TopicAccess } from "../shared/grants";
import { deadLetterTopic, StreamSettings } from "./topics";

export { allTopics, deadLetterTopic, kafkaTopicName, StreamSettings, TopicSettings } from "./topics";

export interface EventStreamsArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly network: Network;
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

/**
 * Kafka-protocol event streams: a cluster (or namespace) private to the network, TLS and
 * authentication only, encrypted with the platform key, each topic with a dead-letter topic kept
 * longer, optionally archived to the lake and copied to the backup region.
 */
export class EventStreams extends pulumi.ComponentResource implements StreamOutputs {
    readonly bootstrapServers: pulumi.Output<string>;
    readonly authMechanism: string;
    readonly kafkaClientProperties: pulumi.Output<Record<string, string>>;
    readonly topics: string[];
    readonly deadLetterTopics: Record<string, string>;
    readonly replicaBootstrapServers: pulumi.Output<string | undefined>;
    readonly replicaRecoveryPoint: StreamRecoveryPoint | undefined;
    private readonly cloud: CloudStreams;

    constructor(name: string, args: EventStreamsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:stream:EventStreams", name, {}, opts);
        const create = forCloud<CreateStreams>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createStreams,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createStreams,
            azure: () => (require("./azure") as typeof import("./azure")).createStreams,
        });
        this.cloud = create(this, args);
        this.bootstrapServers = this.cloud.bootstrapServers;
        this.authMechanism = this.cloud.authMechanism;
        this.kafkaClientProperties = this.cloud.kafkaClientProperties;
        this.replicaBootstrapServers = this.cloud.replicaBootstrapServers;
        this.replicaRecoveryPoint = this.cloud.replicaRecoveryPoint;
        this.topics = args.settings.topics.map((t) => t.name);
        this.deadLetterTopics = Object.fromEntries(this.topics.map((t) => [t, deadLetterTopic(t)]));
        this.registerOutputs({
            bootstrapServers: this.bootstrapServers,
            authMechanism: this.authMechanism,
            kafkaClientProperties: this.kafkaClientProperties,
            topics: this.topics,
            deadLetterTopics: this.deadLetterTopics,
            replicaBootstrapServers: this.replicaBootstrapServers,
            replicaRecoveryPoint: this.replicaRecoveryPoint,
        });
    }

    /** Permission to produce to or consume from a topic and its dead-letter topic, for a workload identity. */
    grant(topic: string, access: TopicAccess): AccessGrant {
        if (!this.topics.includes(topic)) {
            throw new Error(`no topic ${topic} in this stream (topics: ${this.topics.join(", ")})`);
        }
        return this.cloud.grant(topic, access);
    }
}
