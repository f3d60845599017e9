// What the platform's MSK clusters are made of, the numbers AWS attaches to that choice, and what a
// client needs to reach them. No provider SDK imports: the stack config rules (aws-rules.ts) read these too.

import { Environment } from "../shared/context";
import { EnvironmentProfile } from "../shared/profile";
import { allTopics, StreamSettings, topicDurability } from "./topics";

/**
 * Kafka 3.9 in KRaft mode (no ZooKeeper): the MSK topic API behind aws.msk.Topic needs 3.6.0 or
 * later, identical topic names in MSK Replicator 2.8.1 or later, and a cluster's metadata mode
 * cannot change once it exists, so a new cluster starts on KRaft.
 * https://docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html,
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-topic-operations-information.html,
 * https://docs.aws.amazon.com/msk/latest/developerguide/metadata-management.html#kraft-intro
 * ("use 3.7.x.kraft as the version" — the same `.kraft` suffix names 3.9: aws-cdk's KafkaVersion.V3_9_X_KRAFT).
 */
export const kafkaVersion = "3.9.x.kraft";

/**
 * Graviton brokers, the smallest size that multi-VPC private connectivity (which Firehose's MSK
 * source needs) and MSK Replicator accept: neither supports kafka.t3.small.
 * https://docs.aws.amazon.com/msk/latest/developerguide/aws-access-mult-vpc.html#mvpc-requirements,
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-supported-clusters-versions.html
 */
export const brokerInstanceType = "kafka.m7g.large";

/**
 * Partitions (leader and follower replicas together) MSK recommends per kafka.m7g.large broker;
 * above 1500 it blocks update operations (broker type, version, configuration).
 * https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html#partitions-per-broker
 */
export const partitionsPerBroker = 1000;

/**
 * MSK Replicator needs "a minimum of three brokers in both source and target clusters", and "a
 * minimum of four brokers" in clusters that span two zones.
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-supported-clusters-versions.html
 */
export function replicatorMinBrokers(zones: number): number {
    return zones === 2 ? 4 : 3;
}

/**
 * Brokers of each cluster (the copy in the backup region has as many as the primary): one per zone
 * (three in prod, two in dev), or as many per zone as MSK Replicator needs when the streams are
 * copied to the backup region (dev: two per zone, four in all). MSK spreads the brokers evenly over
 * the client subnets, so the count is always a multiple of the zones.
 */
export function brokersFor(profile: Pick<EnvironmentProfile, "zones">, replicated: boolean): number {
    const zones = profile.zones;
    const perZone = replicated ? Math.ceil(replicatorMinBrokers(zones) / zones) : 1;
    return zones * perZone;
}

/** Partition replicas each broker carries for the configured topics and their dead-letter topics. */
export function partitionReplicasPerBroker(settings: Pick<StreamSettings, "topics" | "dlqRetentionHours" | "replicateToBackupRegion">, profile: Pick<EnvironmentProfile, "zones" | "streamReplicas">): number {
    const { replicationFactor } = topicDurability(profile);
    const replicas = allTopics(settings).reduce((n, t) => n + t.partitions * replicationFactor, 0);
    return Math.ceil(replicas / brokersFor(profile, settings.replicateToBackupRegion));
}

/** Kafka's retention.ms for a retention in hours, as the text Kafka topic configs take. */
export function retentionMs(hours: number): string {
    return String(hours * 3_600_000);
}

/**
 * Broker storage: the volume each broker starts with and the ceiling storage auto scaling may grow it
 * to (GiB). A sizing fact of MSK alone, so it stays here rather than in the shared profile.
 */
export const brokerStorageGiB: Readonly<Record<Environment, { initial: number; max: number }>> = {
    prod: { initial: 500, max: 4000 },
    dev: { initial: 100, max: 1000 },
};

/** How Kafka clients authenticate to MSK with IAM (the aws-msk-iam-auth library's SASL mechanism). */
export const awsAuthMechanism = "AWS_MSK_IAM";

/**
 * What a Java Kafka client (or any client that loads these properties with aws-msk-iam-auth on its
 * classpath) needs to reach the brokers with IAM: TLS and the library's login module and callback
 * handler, which sign with the default AWS credentials chain (EKS Pod Identity in the cluster).
 * https://github.com/aws/aws-msk-iam-auth#configuring-a-kafka-client-to-use-aws-iam-with-aws_msk_iam-mechanism
 */
export function kafkaClientProperties(bootstrapServers: string): Record<string, string> {
    return {
        "bootstrap.servers": bootstrapServers,
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": awsAuthMechanism,
        "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
        "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
    };
}
