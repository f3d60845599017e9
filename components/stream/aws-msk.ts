import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { AwsPrivateNetwork } from "../network/aws";
import { PlatformContext } from "../shared/context";
import { EnvironmentProfile } from "../shared/profile";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { brokerInstanceType, brokerStorageGiB, kafkaVersion, retentionMs } from "./aws-limits";
import { allTopics, StreamSettings, topicDurability } from "./topics";

/**
 * The port of the brokers' IAM (SASL_SSL) listener inside the VPC; the only listener this platform
 * opens. https://docs.aws.amazon.com/msk/latest/developerguide/port-info.html
 */
export const iamPort = 9098;

/** Days broker logs are kept: the profile's log retention (a year in prod, where an incident needs them, a month in dev). */
export function brokerLogDays(profile: Pick<EnvironmentProfile, "logRetentionDays">): number {
    return profile.logRetentionDays;
}

/**
 * The brokers' server.properties. Topics exist only as the platform declares them (no automatic
 * creation by a mistyped producer); new topics get a replica in every zone and a write is
 * acknowledged only by all but one of them; a replica that fell behind never becomes leader (it
 * would silently drop acknowledged messages).
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-configuration-properties.html
 */
export function serverProperties(profile: Pick<EnvironmentProfile, "streamReplicas">): string {
    const { replicationFactor, minInSyncReplicas } = topicDurability(profile);
    return [
        "auto.create.topics.enable=false",
        `default.replication.factor=${replicationFactor}`,
        `min.insync.replicas=${minInSyncReplicas}`,
        "unclean.leader.election.enable=false",
    ].join("\n");
}

export interface MskClusterArgs {
    readonly ctx: PlatformContext;
    /** The provider of the cluster's region. */
    readonly provider: pulumi.ProviderResource;
    /** The platform key of the cluster's region: data at rest and broker logs. */
    readonly key: KeyRef;
    readonly network: AwsPrivateNetwork;
    /** Physical name, known during a preview (log group and configuration are named after it). */
    readonly clusterName: string;
    /**
     * Multi-VPC private connectivity for IAM clients: what Firehose's private MSK source and the
     * source of a cross-region MSK Replicator connect through.
     */
    readonly multiVpc: boolean;
    /** Brokers in all (aws-limits.ts brokersFor): a multiple of the private subnets, which MSK fills evenly. */
    readonly brokers: number;
}

export interface MskCluster {
    readonly cluster: aws.msk.Cluster;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly configuration: aws.msk.Configuration;
    readonly logGroup: aws.cloudwatch.LogGroup;
}

/**
 * An MSK provisioned cluster: brokers spread evenly over the private subnets' zones, TLS only between
 * clients and brokers and between brokers, IAM the only way in, encrypted at rest with the
 * platform key of its region, broker logs to an encrypted log group, storage that grows on its own.
 */
export function mskCluster(parent: pulumi.Resource, name: string, args: MskClusterArgs): MskCluster {
    const { ctx, provider, key, network: net, clusterName, brokers } = args;
    if (brokers % net.privateSubnets.length !== 0) {
        throw new Error(`${clusterName}: ${brokers} brokers cannot spread evenly over ${net.privateSubnets.length} subnets (MSK requires a multiple)`);
    }
    // The cluster holds the messages: retained in prod (dataOptions). What only exists for it
    // (configuration, log group) goes with it: a retained cluster keeps running on them.
    const data = (extra: ExtraOptions = {}) => dataOptions(parent, provider, ctx, extra);
    // Network plumbing and scaling rules are not data: a cloud swap deletes them, like the VPC itself.
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);

    const securityGroup = new aws.ec2.SecurityGroup(
        name,
        {
            vpcId: net.vpc.id,
            description: `MSK brokers of ${clusterName}: the IAM listener from inside the VPC`,
            ingress: [
                {
                    description: "Kafka over TLS with IAM authentication, from the VPC's own ranges (nodes, pods, managed connections)",
                    protocol: "tcp",
                    fromPort: iamPort,
                    toPort: iamPort,
                    cidrBlocks: [net.cidr, ...(net.podRange ? [net.podRange] : [])],
                },
            ],
            // Security groups are stateful: replies to clients need no rule, and brokers open no
            // connection of their own through these interfaces.
            egress: [],
            tags: { Name: `${clusterName}-brokers` },
        },
        // The brokers' interfaces keep it while the cluster is retained.
        data(),
    );

    // Created before the cluster so MSK delivers into a group of ours: encrypted with the platform
    // key (whose policy admits CloudWatch Logs of this region) and expiring.
    // https://docs.aws.amazon.com/msk/latest/developerguide/msk-logging.html
    // Replaced only when its name changes (see aws-replica.ts), so the fixed name is safe.
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-brokers`,
        { name: `/aws/msk/${clusterName}/brokers`, retentionInDays: brokerLogDays(ctx.profile), kmsKeyId: key.id },
        data(),
    );

    // Its name and Kafka versions are ForceNew, and neither order of a same-name replacement works:
    // MSK refuses a second configuration of the name ("ConflictException") and the deletion of one a
    // cluster uses ("Configuration is in use by one or more clusters"). The version in the name makes
    // a Kafka upgrade a new configuration beside the old, which is deleted once the cluster moved.
    const configuration = new aws.msk.Configuration(
        name,
        {
            name: configurationName(clusterName, kafkaVersion),
            description: `Broker settings of ${clusterName}`,
            kafkaVersions: [kafkaVersion],
            serverProperties: serverProperties(ctx.profile),
        },
        data(),
    );

    const storage = brokerStorageGiB[ctx.environment];
    // The cluster holds the data: its name stays fixed, and a change that replaces it (client subnets,
    // security groups, the at-rest key, in-transit encryption, a Kafka downgrade: ForceNew in the
    // Terraform provider's aws_msk_cluster) is a manual migration (docs/runbooks.md), not an update.
    // In prod the old cluster is retained on delete whatever happens to the new one, so a replacement
    // loses no messages: it fails on the name, or leaves an empty cluster beside the old.
    const cluster = new aws.msk.Cluster(
        name,
        {
            clusterName,
            // The provider's region, stated so that a first preview's outputs hold it for the
            // cross-region replication check (left out it is a computed output; see aws-bucket.ts).
            region: ctx.region,
            kafkaVersion,
            numberOfBrokerNodes: brokers,
            brokerNodeGroupInfo: {
                instanceType: brokerInstanceType,
                clientSubnets: net.privateSubnets.map((s) => s.id),
                securityGroups: [securityGroup.id],
                storageInfo: { ebsStorageInfo: { volumeSize: storage.initial } },
                connectivityInfo: {
                    publicAccess: { type: "DISABLED" },
                    // MSK refuses a cluster created with multi-VPC auth schemes on; the provider
                    // creates the cluster without them and turns them on right after (UpdateConnectivity):
                    // https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/kafka/cluster.go (resourceClusterCreate)
                    ...(args.multiVpc ? { vpcConnectivity: { clientAuthentication: { sasl: { iam: true, scram: false }, tls: false } } } : {}),
                },
            },
            // IAM only: no SCRAM passwords, no client certificates, nobody unauthenticated.
            clientAuthentication: { sasl: { iam: true, scram: false }, unauthenticated: false },
            encryptionInfo: {
                encryptionAtRestKmsKeyArn: key.id,
                // TLS 1.2 between clients and brokers and between brokers:
                // https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html
                encryptionInTransit: { clientBroker: "TLS", inCluster: true },
            },
            configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
            loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } } },
            tags: { Name: clusterName },
        },
        // Storage auto scaling (below) grows the volumes; the program must not shrink them back.
        data({ dependsOn: [logGroup], ignoreChanges: ["brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"] }),
    );

    // Broker storage grows when it is 60% used; MSK never shrinks a volume, so no scale-in.
    // https://docs.aws.amazon.com/msk/latest/developerguide/msk-autoexpand.html
    const storageTarget = new aws.appautoscaling.Target(
        `${name}-storage`,
        { serviceNamespace: "kafka", scalableDimension: "kafka:broker-storage:VolumeSize", resourceId: cluster.arn, minCapacity: 1, maxCapacity: storage.max },
        infra({ parent: cluster }),
    );
    new aws.appautoscaling.Policy(
        `${name}-storage`,
        {
            policyType: "TargetTrackingScaling",
            serviceNamespace: storageTarget.serviceNamespace,
            scalableDimension: storageTarget.scalableDimension,
            resourceId: storageTarget.resourceId,
            targetTrackingScalingPolicyConfiguration: {
                predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
                targetValue: 60,
                disableScaleIn: true,
            },
        },
        infra({ parent: cluster }),
    );

    return { cluster, securityGroup, configuration, logGroup };
}

/**
 * Every configured topic and its dead-letter topic, through the MSK topic API: the partitions and
 * retention of the config, a replica on every broker. Topics hold the messages, so they are
 * retained in prod like the cluster. Their names are fixed, so a replacement (a new replication
 * factor) deletes before it creates — and in prod, where the old topic is kept, fails instead of
 * dropping data.
 */
export function mskTopics(
    parent: pulumi.Resource,
    cluster: aws.msk.Cluster,
    settings: Pick<StreamSettings, "topics" | "dlqRetentionHours">,
    args: { ctx: PlatformContext; provider: pulumi.ProviderResource },
): aws.msk.Topic[] {
    const { replicationFactor } = topicDurability(args.ctx.profile);
    return allTopics(settings).map(
        (t) =>
            new aws.msk.Topic(
                t.name,
                {
                    name: t.name,
                    clusterArn: cluster.arn,
                    partitionCount: t.partitions,
                    replicationFactor,
                    configs: JSON.stringify({ "retention.ms": retentionMs(t.retentionHours) }),
                },
                dataOptions(parent, args.provider, args.ctx, { parent: cluster, deleteBeforeReplace: true }),
            ),
    );
}

/** ARN of a topic or consumer group of an MSK cluster, from the cluster's ARN (`…:cluster/<name>/<uuid>`). */
export function mskResourceArn(clusterArn: string, kind: "topic" | "group", name: string): string {
    const marker = ":cluster/";
    const at = clusterArn.indexOf(marker);
    if (at < 0) {
        throw new Error(`not an MSK cluster ARN: ${clusterArn}`);
    }
    return `${clusterArn.slice(0, at)}:${kind}/${clusterArn.slice(at + marker.length)}/${name}`;
}

/** `adp-prod-streams-3-9-x-kraft`: the cluster's name and its Kafka version, in MSK's allowed characters. */
export function configurationName(clusterName: string, version: string): string {
    return `${clusterName}-${version.replace(/[^0-9A-Za-z-]/g, "-")}`;
}
