import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { GcpNetworkHandle } from "../network/gcp";
import { AddressPlan } from "../network/address-plan";
import { PlatformContext } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { dataOptions, infraOptions } from "../shared/options";
import { connectCluster, taskRestartPolicy } from "./gcp-archive";
import { KafkaCluster, protectedKafkaCluster } from "./gcp-cluster";
import { StreamRecoveryPoint } from "./contract";
import { byteArrayConverter, dnsDomainOfBootstrap, mirrorCheckpointConnectorClass, mirrorSourceConnectorClass, prefixedClientSecurity } from "./gcp-limits";
import { StreamSettings, topicDurability } from "./topics";

/**
 * The private block of the address plan the backup region's subnet takes: the second one. GCP
 * subnets are regional, so the plan's later private blocks are free on GCP (network/gcp.ts), and a
 * VPC is global, so one of them can live in another region. Both environments have it (dev plans
 * two private blocks, prod three).
 */
export const backupSubnetBlock = 1;

export interface ReplicaArgs {
    readonly ctx: PlatformContext;
    /** The primary region's provider: network parts and grants go through it, like the network's. */
    readonly primaryProvider: pulumi.ProviderResource;
    /** The backup region's provider: the copy and its Connect cluster live there. */
    readonly backupProvider: pulumi.ProviderResource;
    readonly net: GcpNetworkHandle;
    readonly plan: AddressPlan;
    readonly backupKey: KeyRef;
    readonly primary: KafkaCluster;
    readonly settings: StreamSettings;
    readonly agentMember: pulumi.Output<string>;
    readonly clientGrant: pulumi.Resource;
}

export interface Replica {
    readonly subnet: gcp.compute.Subnetwork;
    readonly kafka: KafkaCluster;
    readonly connectCluster: gcp.managedkafka.ConnectCluster;
    readonly connector: gcp.managedkafka.Connector;
    /** Translates consumer groups' committed offsets onto the copy. */
    readonly checkpoints: gcp.managedkafka.Connector;
}

/** How often consumer offsets are translated to the copy: what a consumer may re-read after a failover. */
export const checkpointIntervalSeconds = 60;

/** The replica's recovery point (see `replicateToBackupRegion`): MirrorMaker's lag, for which Google states no bound. */
export const mirrorRecoveryPoint: StreamRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "MirrorMaker 2 replication-latency-ms and record-age-ms of the mirror-from-primary connector, per partition",
};

/**
 * A copy of the streams in the backup region: a second Managed Kafka cluster with the same
 * protections (the backup region's key, a private subnet of the same VPC, the same topics and
 * settings), fed by MirrorMaker 2. In Managed Kafka the Connect cluster that runs MirrorMaker must be
 * attached to the target cluster, so it sits in the backup region and pulls from the primary.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-mirrormaker-connector
 *
 * RPO: MirrorMaker copies asynchronously, so what is lost with the primary region is what the
 * connector had not copied yet, its replication lag. Google states no bound for it; MirrorMaker
 * reports it per partition (`replication-latency-ms`, `record-age-ms`), and it is typically seconds
 * while the connector keeps up, growing without limit while it cannot (a backlog, an outage of the
 * connector). Alert on it. https://kafka.apache.org/documentation/#georeplication-monitoring
 */
export function replicateToBackupRegion(parent: pulumi.Resource, args: ReplicaArgs): Replica {
    const { ctx, net, plan, primary, settings } = args;
    const project = gcpProjectOf(ctx);
    const region = ctx.backupRegion;
    const { replicationFactor } = topicDurability(ctx.profile);

    // The VPC is global: the backup region gets a subnet of its own in the same network, for the
    // copy's endpoints and the MirrorMaker workers' interface (/22 or larger, see the config rule).
    // The copy's Private Service Connect endpoints live in it, and the copy is retained in prod, so
    // the subnet is too (a cloud swap would otherwise try to delete it under the cluster).
    const subnet = new gcp.compute.Subnetwork(
        "streams-backup",
        {
            project,
            region,
            network: net.network.id,
            description: `${ctx.project}/${ctx.stack}: ai-data-platform: event stream copy and MirrorMaker workers`,
            ipCidrRange: plan.privateSubnets[backupSubnetBlock],
            stackType: "IPV4_ONLY",
            privateIpGoogleAccess: true,
        },
        dataOptions(parent, args.primaryProvider, ctx),
    );

    const kafka = protectedKafkaCluster(parent, "events-replica", {
        ctx,
        provider: args.backupProvider,
        iamProvider: args.primaryProvider,
        key: args.backupKey,
        subnet,
        settings,
        role: "events-replica",
        agentMember: args.agentMember,
    });

    // The workers resolve the primary cluster's names through this DNS domain: the domain of the
    // very address the connectors are given.
    const sourceDomain = primary.bootstrapServers.apply(dnsDomainOfBootstrap);
    const cluster = connectCluster(parent, "mirror", {
        ctx,
        provider: args.backupProvider,
        kafka,
        workerSubnet: subnet,
        dnsDomainNames: [sourceDomain],
        role: "mirror",
        dependsOn: [args.clientGrant],
    });

    const topics = [...primary.topics.keys()];
    // What both MirrorMaker connectors must agree on: cluster aliases, topic naming, where the
    // offset syncs live, and how they reach each cluster. A map of values rather than one value: the
    // addresses are read after the clusters are created, and during a preview only they are unknown,
    // not the whole configuration that policies read.
    const common: Record<string, pulumi.Input<string>> = {
        "source.cluster.alias": "primary",
        "target.cluster.alias": "backup",
        // Same topic names on the copy, so a client fails over by changing only the bootstrap
        // address (KIP-690).
        "replication.policy.class": "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
        // MirrorMaker's bookkeeping goes to the copy: the primary is only read (KIP-716).
        "offset-syncs.topic.location": "target",
        "key.converter": byteArrayConverter,
        "value.converter": byteArrayConverter,
        // Both clusters over TLS with the workers' Google identity (Google's sample configuration):
        // https://github.com/GoogleCloudPlatform/python-docs-samples/blob/main/managedkafka/snippets/connect/connectors/create_mirrormaker_connector.py
        "source.cluster.bootstrap.servers": primary.bootstrapServers,
        ...prefixedClientSecurity("source.cluster."),
        "target.cluster.bootstrap.servers": kafka.bootstrapServers,
        ...prefixedClientSecurity("target.cluster."),
    };
    const configs = {
        ...common,
        "connector.class": mirrorSourceConnectorClass,
        name: "mirror-from-primary",
        "tasks.max": String(primary.partitions),
        // Exactly the platform's topics and dead-letter topics.
        topics: topics.join(","),
        // The copy's topics are declared above with the same settings, so MirrorMaker neither
        // creates topics nor overwrites their configuration or ACLs.
        "sync.topic.configs.enabled": "false",
        "sync.topic.acls.enabled": "false",
        "replication.factor": String(replicationFactor),
        "offset-syncs.topic.replication.factor": String(replicationFactor),
    };
    const connector = new gcp.managedkafka.Connector(
        "mirror-to-backup",
        {
            project,
            location: region,
            connectCluster: cluster.connectClusterId,
            connectorId: "mirror-from-primary",
            configs,
            taskRestartPolicy,
        },
        infraOptions(parent, args.backupProvider, ctx, { dependsOn: [...primary.topics.values(), ...kafka.topics.values()] }),
    );

    // Consumer groups' committed offsets, translated to the copy's offsets and written into its
    // __consumer_offsets while the group is not active there: after a failover a consumer resumes
    // where it left off instead of replaying its retention or skipping to the end.
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-mirrormaker-checkpoint-connector
    const checkpoints = new gcp.managedkafka.Connector(
        "mirror-checkpoints",
        {
            project,
            location: region,
            connectCluster: cluster.connectClusterId,
            connectorId: "mirror-checkpoints",
            configs: {
                ...common,
                "connector.class": mirrorCheckpointConnectorClass,
                name: "mirror-checkpoints",
                "tasks.max": "1",
                // Every application's groups; Kafka's default exclusions keep Connect's and internal ones out.
                groups: ".*",
                "emit.checkpoints.enabled": "true",
                "emit.checkpoints.interval.seconds": String(checkpointIntervalSeconds),
                "sync.group.offsets.enabled": "true",
                "sync.group.offsets.interval.seconds": String(checkpointIntervalSeconds),
                "checkpoints.topic.replication.factor": String(replicationFactor),
            },
            taskRestartPolicy,
        },
        // It reads the offset syncs the source connector writes.
        infraOptions(parent, args.backupProvider, ctx, { dependsOn: [connector] }),
    );
    return { subnet, kafka, connectCluster: cluster, connector, checkpoints };
}
