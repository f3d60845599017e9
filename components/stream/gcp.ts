import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { GcpNetworkHandle } from "../network/gcp";
import { networkHandle } from "../network/contract";
import { gcpProjectOf } from "../shared/gcp-context";
import { serviceAgent } from "../shared/gcp-service-agent";
import { infraOptions } from "../shared/options";
import { archiveToLake } from "./gcp-archive";
import { protectedKafkaCluster } from "./gcp-cluster";
import { kafkaClientRole, topicGrant } from "./gcp-grant";
import { gcpAuthMechanism, kafkaClientProperties } from "./gcp-limits";
import { mirrorRecoveryPoint, replicateToBackupRegion } from "./gcp-replica";
import { CreateStreams, StreamImplementation } from "./contract";

/**
 * Event streams on Google Cloud Managed Service for Apache Kafka: a cluster in the primary region,
 * reachable only through Private Service Connect endpoints in the platform's endpoint subnet,
 * encrypted with the primary platform key, TLS with IAM (SASL/OAUTHBEARER) clients only, every
 * topic and its dead-letter topic declared with their retention and replication. Optionally the
 * topics are archived to the lake by a managed Kafka Connect cluster (Cloud Storage sink) and copied
 * to a second cluster in the backup region by MirrorMaker 2.
 */
export const createStreams: CreateStreams = (self, { ctx, providers, keys, network, lake, settings }) => {
    const net = networkHandle<GcpNetworkHandle>(network, "gcp");
    const project = gcpProjectOf(ctx);

    // The Managed Kafka service agent encrypts with the cluster's key and runs the Connect workers; one per
    // project, shared by every cluster of it. Google creates it only with the project's first cluster,
    // which cannot be created before the agent holds the key, so the program asks for it first.
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/access-control (Managed Kafka Service Agent),
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/encryption ("automatically created after you create your first … cluster")
    const agentMember = serviceAgent(self, "managedkafka-agent", {
        ctx,
        provider: providers.primary,
        project,
        service: "managedkafka.googleapis.com",
        agentDomain: "gcp-sa-managedkafka",
    });

    const primary = protectedKafkaCluster(self, "events", {
        ctx,
        provider: providers.primary,
        iamProvider: providers.primary,
        key: keys.primary,
        subnet: net.endpointSubnet,
        settings,
        role: "events",
        agentMember,
    });

    // Connect workers (archive and MirrorMaker) run as the service agent and talk Kafka to the
    // clusters like any client: roles/managedkafka.client on the project, the only scope it has.
    const needsConnect = settings.archiveToLake || settings.replicateToBackupRegion;
    const clientGrant = needsConnect
        ? new gcp.projects.IAMMember(
              "streams-connect-kafka-client",
              { project, role: kafkaClientRole, member: agentMember },
              infraOptions(self, providers.primary, ctx),
          )
        : undefined;

    if (settings.archiveToLake && clientGrant) {
        // The workers' interface goes in the node subnet: the Connect API wants a /22 or larger
        // primary subnet, and the endpoint subnet is a /24 at most.
        archiveToLake(self, { ctx, provider: providers.primary, kafka: primary, lake, workerSubnet: net.nodeSubnet, agentMember, clientGrant });
    }

    const replica =
        settings.replicateToBackupRegion && clientGrant
            ? replicateToBackupRegion(self, {
                  ctx,
                  primaryProvider: providers.primary,
                  backupProvider: providers.backup,
                  net,
                  plan: network.plan,
                  backupKey: keys.backup,
                  primary,
                  settings,
                  agentMember,
                  clientGrant,
              })
            : undefined;

    return {
        bootstrapServers: primary.bootstrapServers,
        authMechanism: gcpAuthMechanism,
        kafkaClientProperties: primary.bootstrapServers.apply(kafkaClientProperties),
        replicaBootstrapServers: replica ? replica.kafka.bootstrapServers.apply((s): string | undefined => s) : pulumi.output<string | undefined>(undefined),
        replicaRecoveryPoint: replica ? mirrorRecoveryPoint : undefined,
        grant: (topic, access) => topicGrant({ project, topic, access }),
    };
};

export const gcpStreams: StreamImplementation = { createStreams };
