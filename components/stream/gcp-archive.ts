import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { LakeOutputs } from "../lake/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { KafkaCluster } from "./gcp-cluster";
import {
    archiveFileTemplate,
    archivePrefix,
    byteArrayConverter,
    connectCapacity,
    gcsSinkConnectorClass,
    memoryBytes,
} from "./gcp-limits";

export interface ConnectClusterArgs {
    readonly ctx: PlatformContext;
    /** The provider of the Kafka cluster's region; a Connect cluster sits in its Kafka cluster's region. */
    readonly provider: pulumi.ProviderResource;
    readonly kafka: KafkaCluster;
    /** A subnet of the Kafka cluster's region, /22 or larger, for the workers' interface. */
    readonly workerSubnet: gcp.compute.Subnetwork;
    /** DNS domains of other clusters the workers must resolve (MirrorMaker's source). */
    readonly dnsDomainNames?: pulumi.Input<string>[];
    readonly role: "archive" | "mirror";
    readonly dependsOn: pulumi.Resource[];
}

// Creating a Connect cluster takes 20 to 30 minutes, by Google's own sample:
// https://github.com/GoogleCloudPlatform/python-docs-samples/blob/main/managedkafka/snippets/connect/clusters/create_connect_cluster.py
const slow: pulumi.CustomTimeouts = { create: "60m", update: "60m", delete: "60m" };

/**
 * A managed Kafka Connect cluster attached to `kafka`, which keeps the connectors' state (their
 * configs, offsets and status topics). Its workers run as the Managed Kafka service agent, reach
 * the VPC through a Private Service Connect interface in `workerSubnet`, and hold no data of their
 * own: not retained, deleted with the stack.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-connect-cluster
 */
export function connectCluster(parent: pulumi.Resource, name: string, args: ConnectClusterArgs): gcp.managedkafka.ConnectCluster {
    const { ctx, kafka } = args;
    const project = gcpProjectOf(ctx);
    const capacity = connectCapacity[ctx.environment];
    return new gcp.managedkafka.ConnectCluster(
        name,
        {
            project,
            location: kafka.region,
            connectClusterId: `${namePrefix(ctx)}-${args.role}`,
            kafkaCluster: pulumi.interpolate`projects/${project}/locations/${kafka.region}/clusters/${kafka.clusterId}`,
            capacityConfig: { vcpuCount: String(capacity.vcpuCount), memoryBytes: memoryBytes(capacity) },
            gcpConfig: {
                accessConfig: {
                    networkConfigs: [{ primarySubnet: args.workerSubnet.id, ...(args.dnsDomainNames ? { dnsDomainNames: args.dnsDomainNames } : {}) }],
                },
            },
        },
        infraOptions(parent, args.provider, ctx, { dependsOn: args.dependsOn, customTimeouts: slow }),
    );
}

/** A failed task is retried from one minute up to half an hour apart (the provider's own example). */
export const taskRestartPolicy = { minimumBackoff: "60s", maximumBackoff: "1800s" };

export interface ArchiveArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly kafka: KafkaCluster;
    readonly lake: pulumi.Resource & LakeOutputs;
    readonly workerSubnet: gcp.compute.Subnetwork;
    /** The Managed Kafka service agent, as an IAM member. */
    readonly agentMember: pulumi.Output<string>;
    /** Its roles/managedkafka.client grant, which the workers need to read the cluster. */
    readonly clientGrant: pulumi.Resource;
}

/**
 * Topics and dead letters into the lake: a Connect cluster next to the Kafka cluster running the
 * Cloud Storage sink connector, which writes every topic (and `.dlq`) under
 * `gs://<lake>/streams/<topic>/year=YYYY/month=MM/day=DD/`. Records are kept as they were sent:
 * key, value (base64), offset and timestamp per line, gzip-compressed.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-cloud-storage-connector
 */
export function archiveToLake(parent: pulumi.Resource, args: ArchiveArgs): { connectCluster: gcp.managedkafka.ConnectCluster; connector: gcp.managedkafka.Connector } {
    const { ctx, provider, kafka, lake } = args;
    const project = gcpProjectOf(ctx);
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);

    // The sink writes (and, when a task retries a file, overwrites) objects as the Managed Kafka
    // service agent: storage.objects.create and .delete, i.e. Storage Object User, on the lake only
    // (an IAM condition on the bucket's resource name). The lake encrypts with its own key as the
    // Cloud Storage agent, so the writer needs no key access. Soft delete keeps what it overwrites.
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-cloud-storage-connector
    const lakeGrant = new gcp.projects.IAMMember(
        "streams-archive-writes-lake",
        {
            project,
            role: "roles/storage.objectUser",
            member: args.agentMember,
            condition: {
                title: "streams-archive-lake-only",
                description: "Managed Kafka Connect archive sink: the lake bucket only",
                expression: pulumi.interpolate`resource.name == "projects/_/buckets/${lake.name}" || resource.name.startsWith("projects/_/buckets/${lake.name}/objects/${archivePrefix}")`,
            },
        },
        infra(),
    );

    const cluster = connectCluster(parent, "archive", {
        ctx,
        provider,
        kafka,
        workerSubnet: args.workerSubnet,
        role: "archive",
        dependsOn: [args.clientGrant],
    });

    const topics = [...kafka.topics.keys()];
    const connector = new gcp.managedkafka.Connector(
        "archive-to-lake",
        {
            project,
            location: kafka.region,
            connectCluster: cluster.connectClusterId,
            connectorId: "lake-archive",
            configs: {
                "connector.class": gcsSinkConnectorClass,
                name: "lake-archive",
                // One task per partition at most; each task owns whole partitions.
                "tasks.max": String(kafka.partitions),
                topics: topics.join(","),
                "gcs.bucket.name": lake.name,
                // The workers' own identity (the service agent), not a key in the config.
                "gcs.credentials.default": "true",
                "file.name.prefix": archivePrefix,
                "file.name.template": archiveFileTemplate,
                "file.name.timestamp.source": "wallclock",
                "file.name.timestamp.timezone": "UTC",
                "file.compression.type": "gzip",
                // Lossless whatever the payload is: bytes in, base64 out (the connector's CSV form).
                "format.output.type": "csv",
                "format.output.fields": "key,value,offset,timestamp",
                "format.output.fields.value.encoding": "base64",
                "key.converter": byteArrayConverter,
                "value.converter": byteArrayConverter,
            },
            taskRestartPolicy,
        },
        infra({ dependsOn: [lakeGrant, ...kafka.topics.values()] }),
    );
    return { connectCluster: cluster, connector };
}
