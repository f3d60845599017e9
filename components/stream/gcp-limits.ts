// What GCP's event streams are made of, apart from the SDK: names, addresses, sizes and the Kafka
// settings of every topic. The stream component, the config rules and the policy pack read these,
// so they stay free of provider imports and cheap to load.

import { Environment } from "../shared/context";
import { EnvironmentProfile } from "../shared/profile";
import { gcpKafkaSaslPort, mirrorSourceConnectorClass, retentionMsOf } from "../../policy/lib/platform-conventions";
import { topicDurability, TopicSettings } from "./topics";

/** The SASL mechanism clients use: Google's documented default for clients on Google Cloud. */
export const gcpAuthMechanism = "OAUTHBEARER";

/**
 * Login callback handler of Google's client library (Maven com.google.cloud.hosted.kafka:
 * managed-kafka-auth-login-handler): it turns Application Default Credentials (on GKE, the pod's
 * Workload Identity) into the OAUTHBEARER token the brokers accept.
 * https://github.com/googleapis/managedkafka (README, "Kafka Java Auth Client Handler") ·
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/authn-types-kafka ("SASL/OAUTHBEARER (recommended)")
 */
export const gcpLoginCallbackHandler = "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler";
export const oauthBearerJaasConfig = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";


/**
 * Locations with a Managed Kafka regional endpoint, as the API's discovery document lists them
 * (`endpoints`, revision 20260423): https://github.com/googleapis/google-api-python-client/blob/main/googleapiclient/discovery_cache/documents/managedkafka.v1.json
 * Add a region here once Google lists it.
 */
export const managedKafkaLocations: readonly string[] = [
    "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
    "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2", "australia-southeast1",
    "australia-southeast2", "europe-central2", "europe-north1", "europe-north2", "europe-southwest1",
    "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8",
    "europe-west9", "europe-west10", "europe-west12", "me-west1", "me-central1", "me-central2",
    "northamerica-northeast1", "northamerica-northeast2", "southamerica-east1", "southamerica-west1",
    "us-central1", "us-east1", "us-east4", "us-east5", "us-east7", "us-south1", "us-west1", "us-west2",
    "us-west3", "us-west4",
];

/**
 * Topic ids: start with a letter, 3 to 255 characters, not beginning with `goog` (Kafka's own rule,
 * checked by the stream section, keeps the character set within Google's).
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/guidelines-resource
 */
export const topicIdRule = { minLength: 3, startsWithLetter: /^[A-Za-z]/, reservedPrefix: "goog" } as const;

/**
 * A Connect cluster's workers get a Private Service Connect interface in their primary subnet,
 * which must be a /22 (1,024 addresses) or larger.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/reference/rest/v1/projects.locations.connectClusters#ConnectNetworkConfig
 */
export const connectSubnetMaxPrefix = 22;

/** Kafka cluster ids: 1-63 characters, RFC 1035 (from the API's `clusterId` description). */
export function kafkaClusterId(prefix: string, role: "events" | "events-replica"): string {
    return `${prefix}-${role}`.slice(0, 63).replace(/-+$/, "");
}

/**
 * The shell command that reads a cluster's bootstrap address from the Managed Kafka API after the
 * cluster exists (`Cluster.bootstrapAddress`, from projects.locations.clusters.get), which prints
 * the host alone. @pulumi/gcp 9.37 (the newest release on npm) has no `bootstrapAddress` output and
 * no data source, and the address cannot be built: the API returns either the legacy
 * `bootstrap.CLUSTER.REGION.managedkafka.PROJECT.cloud.goog` or the newer
 * `bootstrap-<uid>.<hash>.REGION.managedkafka.s.cloud.goog`.
 * It fails (so the read is not recorded and the next `pulumi up` runs it again) unless gcloud
 * printed a bootstrap host (what `dnsDomainOfBootstrap` takes). POSIX sh; ids, regions and projects are lower-case letters, digits and
 * hyphens, so nothing needs escaping.
 * https://pub.dev/documentation/googleapis/latest/managedkafka_v1/Cluster/bootstrapAddress.html ·
 * https://cloud.google.com/sdk/gcloud/reference/managed-kafka/clusters/describe
 */
export function describeBootstrapCommand(clusterId: string, region: string, project: string): string {
    const describe = `gcloud managed-kafka clusters describe ${clusterId} --location=${region} --project=${project} --format="value(bootstrapAddress)"`;
    return [
        `address=$(${describe}) || exit 1`,
        `case "$address" in bootstrap[.-]*.*) echo "$address" ;; *) echo "Managed Kafka cluster ${clusterId} (${region}, project ${project}) reports no bootstrapAddress: '$address'" >&2; exit 1 ;; esac`,
    ].join("; ");
}

/**
 * Bootstrap servers for SASL clients from what `describeBootstrapCommand` printed: the host with the
 * SASL/OAUTHBEARER listener's port. The API leaves the port out so that clients pick their listener
 * (9092 for TLS with SASL, 9094 for mTLS, which the platform does not configure).
 */
export function bootstrapServersOf(describeOutput: string): string {
    const host = describeOutput.trim();
    dnsDomainOfBootstrap(host);
    return /:\d+$/.test(host) ? host : `${host}:${gcpKafkaSaslPort}`;
}

/**
 * The DNS domain a Connect cluster must see (`dnsDomainNames`) to resolve a cluster's bootstrap and
 * broker names: the bootstrap host without its first label and port. Both documented forms:
 * `bootstrap.my-cluster.us-central1.managedkafka.my-project.cloud.goog:9092` gives
 * `my-cluster.us-central1.managedkafka.my-project.cloud.goog` (the example of the provider's
 * `dnsDomainNames`), and `bootstrap-<uid>.c0aad26f.europe-west1.managedkafka.s.cloud.goog` gives
 * `c0aad26f.europe-west1.managedkafka.s.cloud.goog`. Derived from the address the API returns rather
 * than rebuilt, so the two cannot disagree.
 */
export function dnsDomainOfBootstrap(bootstrap: string): string {
    const host = bootstrap.split(",")[0].trim().replace(/:\d+$/, "");
    const dot = host.indexOf(".");
    if (!/^bootstrap[.-]/.test(host) || dot < 0) {
        throw new Error(`not a Managed Kafka bootstrap address: ${bootstrap}`);
    }
    return host.slice(dot + 1);
}

/** How a Kafka (Java) client connects: TLS, SASL/OAUTHBEARER with Google's login handler. */
export const kafkaClientSecurity: Readonly<Record<string, string>> = {
    "security.protocol": "SASL_SSL",
    "sasl.mechanism": gcpAuthMechanism,
    "sasl.login.callback.handler.class": gcpLoginCallbackHandler,
    "sasl.jaas.config": oauthBearerJaasConfig,
};

/** Properties a Kafka (Java) client loads as they are. */
export function kafkaClientProperties(bootstrapServers: string): Record<string, string> {
    return { "bootstrap.servers": bootstrapServers, ...kafkaClientSecurity };
}

/**
 * The client settings under a prefix (`source.cluster.`), as MirrorMaker 2 takes them per cluster,
 * the address aside: it is read after the cluster is created, and the rest must stay known in a
 * preview, where policies read a connector's configs.
 */
export function prefixedClientSecurity(prefix: string): Record<string, string> {
    return Object.fromEntries(Object.entries(kafkaClientSecurity).map(([k, v]) => [`${prefix}${k}`, v]));
}

/**
 * A topic's settings that override the cluster defaults: how long messages stay, deleted (not
 * compacted) after that, and how many in-sync replicas must acknowledge a write.
 */
export function topicConfigs(topic: TopicSettings, profile: Pick<EnvironmentProfile, "streamReplicas">): Record<string, string> {
    return {
        "retention.ms": retentionMsOf(topic.retentionHours),
        "cleanup.policy": "delete",
        "min.insync.replicas": String(topicDurability(profile).minInSyncReplicas),
    };
}


export interface Capacity {
    readonly vcpuCount: number;
    readonly memoryGib: number;
}

const bytesPerGib = 1024 ** 3;
export const memoryBytes = (c: Capacity): string => String(c.memoryGib * bytesPerGib);

/**
 * Kafka cluster size. A cluster takes 3 to any number of vCPUs with 1 to 8 GiB per vCPU, and can be
 * resized later. Dev takes the minimum (3 vCPU, 3 GiB: one broker in each of three zones); prod
 * takes 6 vCPU with 4 GiB each, twice the minimum, which leaves the headroom of the 50 % vCPU
 * target the sizing guide starts from. Resize from the cluster's CPU metrics.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 */
export const kafkaCapacity: Readonly<Record<Environment, Capacity>> = {
    prod: { vcpuCount: 6, memoryGib: 24 },
    dev: { vcpuCount: 3, memoryGib: 3 },
};

/**
 * Kafka Connect cluster size (archive and MirrorMaker): at least 3 vCPU and 3 GiB, 1 to 8 GiB per
 * vCPU. Prod gives sink tasks, which buffer a file per partition until it is written, 4 GiB per vCPU.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/reference/rest/v1/projects.locations.connectClusters#CapacityConfig
 */
export const connectCapacity: Readonly<Record<Environment, Capacity>> = {
    prod: { vcpuCount: 3, memoryGib: 12 },
    dev: { vcpuCount: 3, memoryGib: 3 },
};

/** Where archived topics land in the lake: `streams/<topic>/year=YYYY/month=MM/day=DD/<partition>-<offset>.gz`. */
export const archivePrefix = "streams/";

/**
 * File names of the Cloud Storage sink (Aiven's GCS connector, which Managed Kafka Connect runs):
 * grouped by topic and partition, under Hive-style date folders of the time the record was written
 * (wall clock, UTC), gzip-compressed.
 * https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/blob/main/gcs-sink-connector/src/main/java/io/aiven/kafka/connect/gcs/GcsSinkConfig.java
 */
export const archiveFileTemplate = "{{topic}}/year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/{{partition}}-{{start_offset}}.gz";

export const gcsSinkConnectorClass = "io.aiven.kafka.connect.gcs.GcsSinkConnector";
export { mirrorSourceConnectorClass };
export const mirrorCheckpointConnectorClass = "org.apache.kafka.connect.mirror.MirrorCheckpointConnector";
export const byteArrayConverter = "org.apache.kafka.connect.converters.ByteArrayConverter";
