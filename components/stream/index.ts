import * as pulumi from "@pulumi/pulumi";
import { AccessGrant, TopicAccess } from "../shared/grants";
import { CloudStreams, deadLetterTopic, EventStreamsArgs, StreamImplementation, StreamOutputs, StreamRecoveryPoint } from "./contract";

export * from "./contract";

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

    constructor(name: string, args: EventStreamsArgs & { readonly implementation: StreamImplementation }, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:stream:EventStreams", name, {}, opts);
        this.cloud = args.implementation.createStreams(this, args);
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
