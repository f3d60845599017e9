import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { NetworkRef, networkHandle, zoneCount } from "../network/contract";
import { privateSubnets } from "../network/address-plan";
import { AwsNetworkHandle, AwsPrivateNetwork, createPrivateNetwork } from "../network/aws";
import { RegionalProviders } from "../providers/contract";
import { serviceTrust } from "../shared/aws-iam";
import { namePrefix, PlatformContext } from "../shared/context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { brokerLogDays, iamPort, MskCluster, mskCluster, mskResourceArn } from "./aws-msk";
import { replicaCidr } from "./aws-replica-address";
import { StreamRecoveryPoint } from "./contract";

/**
 * The backup region's own network for the replica cluster, on the address block after network.cidr:
 * only what the brokers and the Replicator's interfaces need — a VPC and one private subnet per zone
 * of the network plan, with no internet or NAT gateway (neither the brokers nor the Replicator reach
 * out of the VPC; the Replicator reads the source over MSK's multi-VPC private connectivity). A
 * component of its own: its type sets its children's URNs apart from the primary network's, whose
 * resources carry the same names.
 */
export class ReplicaNetwork extends pulumi.ComponentResource {
    readonly handle: AwsPrivateNetwork;
    readonly cidr: string;

    constructor(
        name: string,
        args: { ctx: PlatformContext; providers: RegionalProviders; network: Pick<NetworkRef, "handle"> },
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super("ai-data-platform:stream:ReplicaNetwork", name, {}, opts);
        const ctx: PlatformContext = { ...args.ctx, region: args.ctx.backupRegion, backupRegion: args.ctx.region };
        const primary = networkHandle<AwsNetworkHandle>(args.network, "aws");
        this.cidr = replicaCidr(primary.cidr);
        // The platform's private subnets of the block, as its address plan carves them.
        this.handle = createPrivateNetwork(this, { ctx, provider: args.providers.backup, cidr: this.cidr, privateSubnets: privateSubnets(this.cidr, zoneCount(ctx)) });
        this.registerOutputs({ networkId: this.handle.vpc.id, cidr: this.cidr });
    }
}

export interface ReplicaArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    /** The backup region's platform key. */
    readonly key: KeyRef;
    readonly network: AwsPrivateNetwork;
    /** As many as the primary's: MSK Replicator's minimum holds on both sides. */
    readonly brokers: number;
}

/**
 * The copy in the backup region: an MSK cluster with every protection of the primary (TLS only,
 * IAM only, the backup region's key, broker logs, the same broker settings), in a network of its
 * own. Data-bearing, so retained in prod like the primary.
 */
export function replicaCluster(parent: pulumi.Resource, args: ReplicaArgs): MskCluster {
    const { ctx, providers } = args;
    const regional: PlatformContext = { ...ctx, region: ctx.backupRegion, backupRegion: ctx.region };
    return mskCluster(parent, "replica", {
        ctx: regional,
        provider: providers.backup,
        key: args.key,
        network: args.network,
        clusterName: `${namePrefix(ctx)}-streams-replica`,
        multiVpc: false,
        brokers: args.brokers,
    });
}

/**
 * What the source cluster's policy must grant MSK Replicator for a cross-region copy.
 * https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-prepare-cluster.html
 */
export function replicatorClusterStatement(clusterArn: pulumi.Input<string>): object {
    return {
        Sid: "MskReplicatorReadsAcrossRegions",
        Effect: "Allow",
        Principal: { Service: "kafka.amazonaws.com" },
        Action: ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"],
        Resource: clusterArn,
    };
}

/** Kafka topic names as the anchored, exact regular expressions MSK Replicator matches topics with. */
export function topicPatterns(names: readonly string[]): string[] {
    return names.map((n) => `^${n.replace(/\./g, "\\.")}$`);
}

/**
 * The Replicator's role: the AWSMSKReplicatorExecutionRole managed policy's actions, scoped to the
 * two clusters, their topics (the replicator also creates internal topics of its own) and groups.
 * https://docs.aws.amazon.com/msk/latest/developerguide/security-iam-awsmanpol-AWSMSKReplicatorExecutionRole.html
 */
export function replicatorPolicy(clusterArns: readonly string[]): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ClusterPermissions",
                Effect: "Allow",
                Action: [
                    "kafka-cluster:Connect",
                    "kafka-cluster:DescribeCluster",
                    "kafka-cluster:AlterCluster",
                    "kafka-cluster:DescribeTopic",
                    "kafka-cluster:CreateTopic",
                    "kafka-cluster:AlterTopic",
                    "kafka-cluster:WriteData",
                    "kafka-cluster:ReadData",
                    "kafka-cluster:AlterGroup",
                    "kafka-cluster:DescribeGroup",
                    "kafka-cluster:DescribeTopicDynamicConfiguration",
                    "kafka-cluster:AlterTopicDynamicConfiguration",
                    "kafka-cluster:WriteDataIdempotently",
                ],
                Resource: [...clusterArns],
            },
            {
                Sid: "TopicPermissions",
                Effect: "Allow",
                Action: [
                    "kafka-cluster:DescribeTopic",
                    "kafka-cluster:CreateTopic",
                    "kafka-cluster:AlterTopic",
                    "kafka-cluster:WriteData",
                    "kafka-cluster:ReadData",
                    "kafka-cluster:DescribeTopicDynamicConfiguration",
                    "kafka-cluster:AlterTopicDynamicConfiguration",
                    "kafka-cluster:AlterCluster",
                ],
                Resource: clusterArns.map((c) => mskResourceArn(c, "topic", "*")),
            },
            {
                Sid: "GroupPermissions",
                Effect: "Allow",
                Action: ["kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"],
                Resource: clusterArns.map((c) => mskResourceArn(c, "group", "*")),
            },
        ],
    };
}

export interface ReplicatorArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly source: aws.msk.Cluster;
    readonly sourceNetwork: AwsNetworkHandle;
    readonly target: aws.msk.Cluster;
    readonly targetNetwork: AwsPrivateNetwork;
    /** Every topic to copy (configured topics and dead-letter topics), with the resources that create them. */
    readonly topics: readonly { readonly name: string; readonly resource: pulumi.Resource }[];
    readonly accountId: pulumi.Output<string>;
    /** The source cluster's policy that admits the Replicator. */
    readonly clusterPolicy: pulumi.Resource;
    /** The backup region's key, for the Replicator's logs. */
    readonly key: KeyRef;
}

/** The replica's recovery point (see `replicator`): the Replicator's lag, for which AWS states no bound. */
export const replicatorRecoveryPoint: StreamRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "CloudWatch AWS/Kafka ReplicationLatency of the MSK Replicator, per topic",
};

/**
 * MSK Replicator from the primary cluster to the replica, created in the target's region as AWS
 * requires. Topic names stay identical, so a workload fails over by changing its bootstrap servers
 * alone; consumer-group offsets are translated and synchronised, so consumers resume near where they
 * stopped. Replication starts from the earliest offset: nothing the topics held before the
 * Replicator existed is left behind.
 *
 * RPO: replication is asynchronous and AWS publishes no latency figure or SLA for it — "replication
 * latency varies based on the network distance between the AWS Regions, the throughput capacity of
 * your clusters, and the number of partitions"
 * (https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-cross-region.html). The RPO is
 * the Replicator's ReplicationLatency metric (milliseconds, per topic) at the moment of the failure,
 * plus, for a topic or partition added later, up to the 30 seconds the Replicator takes to detect and
 * create it — messages produced before that are not copied
 * (https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-how-it-works.html).
 *
 * The Replicator, its role and its security group are not data (the replica holds the copy): none is retained.
 */
export function replicator(parent: pulumi.Resource, args: ReplicatorArgs): aws.msk.Replicator {
    const { ctx, providers, source, target } = args;
    const prefix = namePrefix(ctx);
    // The Replicator lives in the backup region (the target's), so do its network interfaces and logs.
    const backupInfra = (extra: ExtraOptions = {}) => infraOptions(parent, providers.backup, ctx, extra);

    // Its interfaces in the replica VPC only talk to the replica's brokers.
    const securityGroup = new aws.ec2.SecurityGroup(
        "replicator",
        {
            vpcId: args.targetNetwork.vpc.id,
            description: "MSK Replicator: to the replica's brokers over the IAM listener",
            ingress: [],
            egress: [{ description: "Kafka over TLS with IAM to the replica's brokers", protocol: "tcp", fromPort: iamPort, toPort: iamPort, cidrBlocks: [args.targetNetwork.cidr] }],
            tags: { Name: `${prefix}-streams-replicator` },
        },
        backupInfra(),
    );

    // https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-ser.html (trust policy)
    const role = new aws.iam.Role(
        "replicator",
        {
            namePrefix: `${prefix}-stream-replicator-`,
            description: "MSK Replicator: copies the platform's topics to the backup region",
            assumeRolePolicy: serviceTrust("kafka.amazonaws.com", { StringEquals: { "aws:SourceAccount": args.accountId } }),
        },
        backupInfra(),
    );
    const rolePolicy = new aws.iam.RolePolicy(
        "replicator",
        { role: role.name, policy: pulumi.all([source.arn, target.arn]).apply((arns) => JSON.stringify(replicatorPolicy(arns))) },
        backupInfra({ parent: role }),
    );

    // A log group is replaced only when its name changes (name, namePrefix and logGroupClass are its
    // only ForceNew arguments), so its fixed name never collides with itself; deleting it first would
    // only lose logs.
    const logGroup = new aws.cloudwatch.LogGroup(
        "replicator",
        { name: `/aws/msk/replicator/${prefix}-streams`, retentionInDays: brokerLogDays(ctx.profile), kmsKeyId: args.key.id },
        backupInfra(),
    );

    return new aws.msk.Replicator(
        "streams",
        {
            replicatorName: `${prefix}-streams`,
            // The backup region (its provider's), stated: a policy tells source from copy by the
            // Replicator's region, which left out is a computed output (see lake/aws-bucket.ts).
            region: ctx.backupRegion,
            description: `Copies the topics of ${ctx.region} to ${ctx.backupRegion}`,
            serviceExecutionRoleArn: role.arn,
            kafkaClusters: [
                // A cross-region source is reached through its multi-VPC private connectivity; it takes
                // no security group of ours. https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-cross-region.html
                { amazonMskCluster: { mskClusterArn: source.arn }, vpcConfig: { subnetIds: args.sourceNetwork.privateSubnets.map((s) => s.id) } },
                {
                    amazonMskCluster: { mskClusterArn: target.arn },
                    vpcConfig: { subnetIds: args.targetNetwork.privateSubnets.map((s) => s.id), securityGroupsIds: [securityGroup.id] },
                },
            ],
            replicationInfoList: {
                sourceKafkaClusterArn: source.arn,
                targetKafkaClusterArn: target.arn,
                // Cross-region transfer is billed by the byte; LZ4 is cheap to compress and decompress.
                targetCompressionType: "LZ4",
                topicReplications: [
                    {
                        topicsToReplicates: topicPatterns(args.topics.map((t) => t.name)),
                        topicNameConfiguration: { type: "IDENTICAL" },
                        startingPosition: { type: "EARLIEST" },
                        copyTopicConfigurations: true,
                        copyAccessControlListsForTopics: true,
                        detectAndCopyNewTopics: true,
                    },
                ],
                consumerGroupReplications: [
                    { consumerGroupsToReplicates: [".*"], synchroniseConsumerGroupOffsets: true, detectAndCopyNewConsumerGroups: true },
                ],
            },
            logDelivery: { replicatorLogDelivery: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } } },
        },
        // Fixed name, and its clusters, subnets and role are ForceNew (Terraform provider schema): a
        // replacement deletes the old Replicator first, or the new one collides with its name. The
        // new one starts from the earliest offsets, so the replica gets the retained messages again.
        backupInfra({ dependsOn: [rolePolicy, args.clusterPolicy, ...args.topics.map((t) => t.resource)], deleteBeforeReplace: true }),
    );
}
