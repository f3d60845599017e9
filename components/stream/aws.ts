import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsNetworkHandle } from "../network/aws";
import { networkHandle } from "../network/contract";
import { namePrefix } from "../shared/context";
import { infraOptions } from "../shared/options";
import { topicGrant } from "./aws-access";
import { archiveToLake, firehoseClusterStatement } from "./aws-archive";
import { mskCluster, mskTopics } from "./aws-msk";
import { replicaCluster, ReplicaNetwork, replicator, replicatorClusterStatement, replicatorRecoveryPoint } from "./aws-replica";
import { awsAuthMechanism, brokersFor, kafkaClientProperties } from "./aws-limits";
import { CloudStreams, CreateStreams, StreamImplementation } from "./contract";
import { allTopics } from "./topics";

/**
 * The cluster policy (one per cluster) with what the archive and the cross-region copy each need:
 * both connect to the private cluster through its multi-VPC private connectivity.
 */
export function clusterPolicyStatements(clusterArn: pulumi.Input<string>, uses: { archive: boolean; replicate: boolean }): object[] {
    return [...(uses.archive ? [firehoseClusterStatement(clusterArn)] : []), ...(uses.replicate ? [replicatorClusterStatement(clusterArn)] : [])];
}

/**
 * Kafka-protocol event streams on Amazon MSK (provisioned): a cluster across the private subnets'
 * zones with the configured topics and their dead-letter topics; archived to the lake through Amazon
 * Data Firehose and copied to the backup region by MSK Replicator, each when the config asks.
 */
export const createStreams: CreateStreams = (self, args): CloudStreams => {
    const { ctx, providers, keys, settings, lake } = args;
    const provider = providers.primary;
    const net = networkHandle<AwsNetworkHandle>(args.network, "aws");
    const prefix = namePrefix(ctx);
    const accountId = aws.getCallerIdentityOutput({}, { parent: self, provider }).accountId;
    const archive = settings.archiveToLake;
    const replicate = settings.replicateToBackupRegion;
    const brokers = brokersFor(ctx.profile, replicate);

    const primary = mskCluster(self, "streams", {
        ctx,
        provider,
        key: keys.primary,
        network: net,
        clusterName: `${prefix}-streams`,
        // Firehose's private MSK source and a cross-region Replicator source both connect through it.
        multiVpc: archive || replicate,
        brokers,
    });
    const topicResources = mskTopics(self, primary.cluster, settings, { ctx, provider });
    const topics = allTopics(settings).map((t, i) => ({ settings: t, resource: topicResources[i] }));

    const statements = clusterPolicyStatements(primary.cluster.arn, { archive, replicate });
    const clusterPolicy = statements.length
        ? new aws.msk.ClusterPolicy(
              "streams",
              { clusterArn: primary.cluster.arn, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
              // Access rules, not data.
              infraOptions(self, provider, ctx, { parent: primary.cluster }),
          )
        : undefined;

    if (archive && clusterPolicy) {
        archiveToLake(self, { ctx, provider, prefix, clusterArn: primary.cluster.arn, topics, lake, accountId, clusterPolicy });
    }

    let replica: aws.msk.Cluster | undefined;
    if (replicate && clusterPolicy) {
        const replicaNetwork = new ReplicaNetwork("replica-network", { ctx, providers, network: args.network }, { parent: self });
        replica = replicaCluster(self, { ctx, providers, key: keys.backup, network: replicaNetwork.handle, brokers }).cluster;
        replicator(self, {
            ctx,
            providers,
            source: primary.cluster,
            sourceNetwork: net,
            target: replica,
            targetNetwork: replicaNetwork.handle,
            topics: topics.map((t) => ({ name: t.settings.name, resource: t.resource })),
            accountId,
            clusterPolicy,
            key: keys.backup,
        });
    }

    const bootstrapServers = primary.cluster.bootstrapBrokersSaslIam;
    const clusterArns = [primary.cluster.arn, ...(replica ? [replica.arn] : [])];
    return {
        bootstrapServers,
        authMechanism: awsAuthMechanism,
        kafkaClientProperties: bootstrapServers.apply(kafkaClientProperties),
        replicaBootstrapServers: replica ? replica.bootstrapBrokersSaslIam.apply((s): string | undefined => s) : pulumi.output<string | undefined>(undefined),
        replicaRecoveryPoint: replica ? replicatorRecoveryPoint : undefined,
        grant: (topic, access) => topicGrant(clusterArns, topic, access),
    };
};

export const awsStreams: StreamImplementation = { createStreams };
