import * as aws from "../../components/shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";

// Small MSK setups for the stream policy tests, declared with the real SDK classes so the offline
// preview records them (inputs, dependencies, providers) exactly as a program would. Like the
// platform, clusters and Replicators state their region: a stack policy gets a new stack's preview
// outputs, where a property the provider computes and the program leaves out is unknown.

const regions = new WeakMap<aws.Provider, string>();

export function provider(region = "us-east-1"): aws.Provider {
    const p = new aws.Provider(region, { region });
    regions.set(p, region);
    return p;
}

export interface ClusterSpec {
    /**
     * A KMS key of the program, a key ARN given as text, the AWS managed key by alias, no key in the
     * encryption settings (the provider computes it), or no encryption settings at all (MSK's AWS managed key).
     */
    readonly key?: "program-key" | "text-arn" | "aws-alias" | "none" | "no-encryption-info";
    readonly clientBroker?: "TLS" | "TLS_PLAINTEXT" | "PLAINTEXT";
    readonly inCluster?: boolean;
    /** "unstated": no connectivityInfo, which the provider then computes. */
    readonly publicAccess?: boolean | "unstated";
    readonly auth?: "iam" | "scram" | "unauthenticated" | "none";
    /** server.properties of the cluster configuration, or no configuration at all. */
    readonly properties?: string | "none";
    readonly opts?: pulumi.CustomResourceOptions;
}

export const compliantProperties = "auto.create.topics.enable=false\ndefault.replication.factor=3\nmin.insync.replicas=2\nunclean.leader.election.enable=false";

export const compliantCluster: Required<Omit<ClusterSpec, "opts">> = {
    key: "program-key",
    clientBroker: "TLS",
    inCluster: true,
    publicAccess: false,
    auth: "iam",
    properties: compliantProperties,
};

const authOf: Record<NonNullable<ClusterSpec["auth"]>, aws.types.input.msk.ClusterClientAuthentication | undefined> = {
    iam: { sasl: { iam: true, scram: false }, unauthenticated: false },
    scram: { sasl: { iam: true, scram: true }, unauthenticated: false },
    unauthenticated: { sasl: { iam: true }, unauthenticated: true },
    none: undefined,
};

export function mskCluster(name: string, spec: ClusterSpec, p: aws.Provider): aws.msk.Cluster {
    const s = { ...compliantCluster, ...spec };
    const key =
        s.key === "program-key"
            ? new aws.kms.Key(`${name}-key`, { enableKeyRotation: true }, { provider: p }).arn
            : s.key === "text-arn"
              ? "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
              : s.key === "aws-alias"
                ? "alias/aws/kafka"
                : undefined;
    const configuration =
        s.properties === "none" ? undefined : new aws.msk.Configuration(name, { name, kafkaVersions: ["3.9.x.kraft"], serverProperties: s.properties }, { provider: p });
    const auth = authOf[s.auth];
    return new aws.msk.Cluster(
        name,
        {
            clusterName: name,
            region: regions.get(p),
            kafkaVersion: "3.9.x.kraft",
            numberOfBrokerNodes: 3,
            brokerNodeGroupInfo: {
                instanceType: "kafka.m7g.large",
                clientSubnets: ["subnet-a", "subnet-b", "subnet-c"],
                securityGroups: ["sg-1"],
                ...(s.publicAccess === "unstated" ? {} : { connectivityInfo: { publicAccess: { type: s.publicAccess ? "SERVICE_PROVIDED_EIPS" : "DISABLED" } } }),
            },
            ...(auth ? { clientAuthentication: auth } : {}),
            ...(s.key === "no-encryption-info"
                ? {}
                : { encryptionInfo: { ...(key ? { encryptionAtRestKmsKeyArn: key } : {}), encryptionInTransit: { clientBroker: s.clientBroker, inCluster: s.inCluster } } }),
            ...(configuration ? { configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision } } : {}),
        },
        { provider: p, ...s.opts },
    );
}

export interface TopicSpec {
    readonly partitions?: number;
    readonly replicationFactor?: number;
    /** Hours in retention.ms, or no retention.ms (the broker's applies). */
    readonly retentionHours?: number | "broker-default";
    readonly opts?: pulumi.CustomResourceOptions;
}

export function topic(name: string, cluster: aws.msk.Cluster, spec: TopicSpec, p: aws.Provider, resourceName = name): aws.msk.Topic {
    const hours = spec.retentionHours ?? 168;
    return new aws.msk.Topic(
        resourceName,
        {
            name,
            clusterArn: cluster.arn,
            partitionCount: spec.partitions ?? 3,
            replicationFactor: spec.replicationFactor ?? 3,
            ...(hours === "broker-default" ? {} : { configs: JSON.stringify({ "retention.ms": String(hours * 3_600_000) }) }),
        },
        { provider: p, ...spec.opts },
    );
}

/** A topic and its dead-letter topic, compliant unless told otherwise. */
export function topicPair(name: string, cluster: aws.msk.Cluster, p: aws.Provider, spec: { hours?: number; dlqHours?: number } = {}): void {
    topic(name, cluster, { retentionHours: spec.hours ?? 168 }, p);
    topic(`${name}.dlq`, cluster, { retentionHours: spec.dlqHours ?? 336 }, p);
}

/** MSK Replicator from `source` to `target`, created through `via` (AWS creates it in the target's region). */
export function replicator(name: string, source: aws.msk.Cluster, target: aws.msk.Cluster, via: aws.Provider): aws.msk.Replicator {
    return new aws.msk.Replicator(
        name,
        {
            replicatorName: name,
            region: regions.get(via),
            serviceExecutionRoleArn: "arn:aws:iam::123456789012:role/replicator",
            kafkaClusters: [
                { amazonMskCluster: { mskClusterArn: source.arn }, vpcConfig: { subnetIds: ["subnet-a"] } },
                { amazonMskCluster: { mskClusterArn: target.arn }, vpcConfig: { subnetIds: ["subnet-x"], securityGroupsIds: ["sg-2"] } },
            ],
            replicationInfoList: {
                sourceKafkaClusterArn: source.arn,
                targetKafkaClusterArn: target.arn,
                targetCompressionType: "NONE",
                topicReplications: [{ topicsToReplicates: [".*"], topicNameConfiguration: { type: "IDENTICAL" } }],
                consumerGroupReplications: [{ consumerGroupsToReplicates: [".*"] }],
            },
        },
        { provider: via },
    );
}

/** A compliant stream: a cluster in us-east-1 with a topic pair, copied to us-west-2. */
export function compliantStream(): { source: aws.msk.Cluster; target: aws.msk.Cluster } {
    const east = provider("us-east-1");
    const west = provider("us-west-2");
    const source = mskCluster("primary", {}, east);
    topicPair("events", source, east);
    const target = mskCluster("replica", {}, west);
    replicator("copy", source, target, west);
    return { source, target };
}
