import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { dataOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { readBootstrapServers } from "./gcp-bootstrap";
import { kafkaCapacity, kafkaClusterId, memoryBytes, topicConfigs } from "./gcp-limits";
import { allTopics, StreamSettings, topicDurability } from "./topics";

export interface KafkaClusterArgs {
    readonly ctx: PlatformContext;
    /** The provider of the cluster's region. */
    readonly provider: pulumi.ProviderResource;
    /** The primary region's provider, for grants (IAM is global) like the network's other parts. */
    readonly iamProvider: pulumi.ProviderResource;
    /** The key of the cluster's region: Managed Kafka only takes a key of its own region. */
    readonly key: KeyRef;
    /** The one subnet (of the platform's VPC, in the cluster's region) its endpoints take addresses from. */
    readonly subnet: gcp.compute.Subnetwork;
    readonly settings: StreamSettings;
    readonly role: "events" | "events-replica";
    readonly agentMember: pulumi.Output<string>;
}

export interface KafkaCluster {
    readonly cluster: gcp.managedkafka.Cluster;
    readonly clusterId: pulumi.Output<string>;
    readonly region: string;
    /** Every topic and dead-letter topic, by name. */
    readonly topics: Map<string, gcp.managedkafka.Topic>;
    /** Partitions over all its topics: the most tasks a connector reading them all can use. */
    readonly partitions: number;
    readonly bootstrapServers: pulumi.Output<string>;
    readonly keyGrant: gcp.kms.CryptoKeyIAMMember;
}

// Creating a cluster takes 10 to 40 minutes, by Google's own sample:
// https://github.com/GoogleCloudPlatform/python-docs-samples/blob/main/managedkafka/snippets/clusters/create_cluster.py
const slow: pulumi.CustomTimeouts = { create: "60m", update: "60m", delete: "60m" };

/**
 * A Managed Service for Apache Kafka cluster with every protection the platform asks of a stream,
 * used for the primary cluster and for its copy in the backup region so both carry the same ones:
 * private to one subnet of the platform's VPC (Private Service Connect endpoints, no other way in),
 * encrypted with the platform key of its region, TLS and IAM-authenticated clients only (the
 * service offers nothing else on its SASL listener), every configured topic and its dead-letter
 * topic declared here with their partitions, replication, retention and acknowledgement settings.
 */
export function protectedKafkaCluster(parent: pulumi.Resource, name: string, args: KafkaClusterArgs): KafkaCluster {
    const { ctx, provider, key, subnet, settings } = args;
    const project = gcpProjectOf(ctx);
    const region = key.region;
    const { replicationFactor } = topicDurability(ctx.profile);

    // CMEK: the Managed Kafka service agent wraps the cluster's data keys with the platform key, so
    // it needs encrypter/decrypter on it before the cluster is created; the key cannot be changed
    // afterwards. The grant is retained as the cluster is (prod): a cluster kept after a cloud swap
    // or a removal keeps the use of its key, and with it its messages.
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/encryption
    const keyGrant = new gcp.kms.CryptoKeyIAMMember(
        `${name}-kafka-agent`,
        { cryptoKeyId: key.resourceId, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: args.agentMember },
        dataOptions(parent, args.iamProvider, ctx),
    );
    // IAM is eventually consistent: the cluster waits until the grant has reached Cloud KMS.
    const keyReady = afterPropagation(`${name}-key`, [keyGrant], "gcp", parent);

    const capacity = kafkaCapacity[ctx.environment];
    const cluster = new gcp.managedkafka.Cluster(
        name,
        {
            project,
            location: region,
            clusterId: kafkaClusterId(namePrefix(ctx), args.role),
            capacityConfig: { vcpuCount: String(capacity.vcpuCount), memoryBytes: memoryBytes(capacity) },
            gcpConfig: {
                // One subnet per VPC: the service creates the bootstrap and broker endpoints in it,
                // with DNS names visible to the whole network. No public access is configured (the
                // provider has no setting for it either). https://cloud.google.com/managed-service-for-apache-kafka/docs/networking-kafka
                accessConfig: { networkConfigs: [{ subnet: subnet.id }] },
                kmsKey: key.id,
            },
            // Growing the cluster moves partitions onto the new brokers.
            rebalanceConfig: { mode: "AUTO_REBALANCE_ON_SCALE_UP" },
            // No broker truststore, so no mTLS: clients authenticate with Google identities only.
            // What the service does without one, stated: the provider computes tlsConfig when it is
            // unset, so a policy could not tell during a preview. The provider sends an empty trust
            // config as no tlsConfig at all (and its own tests use this form to clear one).
            tlsConfig: { trustConfig: {} },
            // The messages are the data: prod abandons the cluster instead of deleting it.
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        dataOptions(parent, provider, ctx, { dependsOn: [keyReady], customTimeouts: slow }),
    );

    // The provider has no broker settings (auto.create.topics.enable, default min.insync.replicas):
    // every topic is declared here instead, each with its own acknowledgement setting.
    const topics = new Map<string, gcp.managedkafka.Topic>();
    for (const topic of allTopics(settings)) {
        topics.set(
            topic.name,
            new gcp.managedkafka.Topic(
                `${name}-${topic.name}`,
                {
                    project,
                    location: region,
                    cluster: cluster.clusterId,
                    topicId: topic.name,
                    // Partitions can only grow (the API refuses fewer).
                    partitionCount: topic.partitions,
                    replicationFactor,
                    configs: topicConfigs(topic, ctx.profile),
                    // Deleting a topic deletes its messages: prod abandons it with the cluster.
                    deletionPolicy: gcpDeletionPolicy(ctx),
                },
                dataOptions(parent, provider, ctx, { parent: cluster }),
            ),
        );
    }

    return {
        cluster,
        clusterId: cluster.clusterId,
        region,
        topics,
        partitions: allTopics(settings).reduce((n, t) => n + t.partitions, 0),
        // What the API reports, read once the cluster exists: its form cannot be known beforehand.
        bootstrapServers: readBootstrapServers(parent, name, ctx, cluster, region),
        keyGrant,
    };
}
