// Event Hubs limits the Azure stream implementation relies on, each with its source, and what a Kafka
// client needs to reach a namespace. No SDK imports: the stack config rules and the policy pack read
// them too, and must stay cheap to load.

import type { StreamRecoveryPoint } from "./contract";

/**
 * The tier of every namespace, dev included. Customer-managed keys exist on Premium and Dedicated only
 * (https://learn.microsoft.com/azure/event-hubs/configure-customer-managed-key), and the policy pack
 * wants them in dev as well (storage-encryption-cmk applies to every environment), so dev cannot take
 * Standard. Premium also brings private endpoints, zone redundancy, 90-day retention and partitions
 * that can be added later, which is what "partitions can only grow" relies on.
 * https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview
 * https://learn.microsoft.com/azure/event-hubs/dynamically-add-partitions
 */
export const namespaceTier = "Premium";

/**
 * Premium limits, https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas: 100 partitions per
 * event hub, 200 partitions per processing unit (PU), 100 event hubs per namespace, 90 days retention;
 * a namespace has 1, 2, 4, 8 or 16 PUs (https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview).
 */
export const maxPartitionsPerEventHub = 100;
export const partitionsPerProcessingUnit = 200;
export const processingUnitSteps = [1, 2, 4, 8, 16] as const;
export const maxEventHubsPerNamespace = 100;
export const maxRetentionHours = 90 * 24;

/**
 * Names of event hubs: 1-256 letters, digits, periods, hyphens and underscores, starting and ending
 * with a letter or digit; case-insensitive like every Azure resource name.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsofteventhub
 */
export const eventHubName = /^[a-zA-Z0-9](?:[a-zA-Z0-9._-]{0,254}[a-zA-Z0-9])?$/;

/** The processing units a namespace needs for `partitions` partitions in all; undefined past the largest step. */
export function processingUnitsFor(partitions: number): number | undefined {
    return processingUnitSteps.find((pu) => pu * partitionsPerProcessingUnit >= partitions);
}

/**
 * Event Hubs' Kafka endpoint: TLS on port 9093 of the namespace's host, in Azure's public cloud (the
 * regions the config accepts are all in it). https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview
 */
export const kafkaPort = 9093;
export const serviceBusSuffix = "servicebus.windows.net";

/**
 * The Capture window: a file per partition every `intervalSeconds` (Event Hubs accepts 60-900) or
 * every `sizeBytes` (10-500 MiB), whichever comes first.
 * https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#capture-windowing
 */
export const captureWindow = { intervalSeconds: 300, sizeBytes: 300 * 1024 * 1024 } as const;

/**
 * Where captured files land in the lake's container: Capture requires every one of these fields and
 * accepts them in any order; this is Azure's own default layout, which keeps each partition's files
 * under Year/Month/Day (date-partitioned).
 * https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#capture-windowing
 */
export const captureArchiveNameFormat = "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}";

/**
 * Recovery point of the copy in the backup region. The platform pairs namespaces for geo-disaster
 * recovery, which copies the namespace's metadata (event hubs, consumer groups, settings), not its
 * events (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr). Events leave the region
 * through Capture into the lake (one file per partition per capture window, 5 minutes here) and the
 * lake's geo-redundant storage, whose copy in the paired region "typically" lags "less than 15
 * minutes, although there's currently no SLA" (components/backup/azure.ts). So the RPO of the events
 * is the capture window plus that: 20 minutes, best effort, no SLA.
 * Geo-DR rather than geo-replication is a choice, not a constraint of the SDK: Event Hubs
 * geo-replication (events copied too, within a maximum lag the service enforces) is in API versions
 * 2023-01-01-preview, 2024-05-01-preview and the stable 2026-01-01, which azure-native 3.28 types only
 * as 2024-01-01 but reaches through a local SDK (`pulumi package add azure-native eventhub 2026-01-01`).
 * https://learn.microsoft.com/azure/event-hubs/geo-replication (why not yet: docs/design-decisions.md)
 */
export const typicalGeoReplicationMinutes = 15;
export const streamRecoveryPointObjectiveMinutes = captureWindow.intervalSeconds / 60 + typicalGeoReplicationMinutes;
export const streamRecoveryPointMeasure =
    "the age of the newest Capture file at the lake's secondary endpoint in the backup region (Capture writes one per partition every 5 minutes; the account's Last Sync Time shows the geo-replication lag)";
export const captureRecoveryPoint: StreamRecoveryPoint = {
    basis: "best-effort",
    minutes: streamRecoveryPointObjectiveMinutes,
    measuredBy: streamRecoveryPointMeasure,
};

/** How Kafka clients authenticate to Event Hubs with Microsoft Entra ID. */
export const azureAuthMechanism = "OAUTHBEARER";

/**
 * The Java callback that fetches Microsoft Entra ID tokens for the Kafka client (Spring Cloud Azure's
 * `spring-cloud-azure-service` artifact, with `azure-identity` on the class path). It takes the token
 * audience from bootstrap.servers and the credential from DefaultAzureCredential, which on AKS is the
 * pod's workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE, set by the
 * workload identity webhook). librdkafka clients (confluent-kafka) use an `oauth_cb` instead: see the README.
 * https://github.com/Azure/azure-sdk-for-java/blob/main/sdk/spring/spring-cloud-azure-service/src/main/java/com/azure/spring/cloud/service/implementation/kafka/KafkaOAuth2AuthenticateCallbackHandler.java
 */
export const entraCallbackHandler = "com.azure.spring.cloud.service.implementation.kafka.KafkaOAuth2AuthenticateCallbackHandler";

/**
 * What a Kafka client (Java) loads as it is. Event Hubs closes connections idle for 240 seconds, so
 * metadata refresh and idle close come before that, and it wants requests to wait longer than its own
 * 20-second floor. https://learn.microsoft.com/azure/event-hubs/apache-kafka-configurations
 */
export function kafkaClientProperties(bootstrapServers: string): Record<string, string> {
    return {
        "bootstrap.servers": bootstrapServers,
        "security.protocol": "SASL_SSL",
        "sasl.mechanism": azureAuthMechanism,
        "sasl.jaas.config": "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        "sasl.login.callback.handler.class": entraCallbackHandler,
        "metadata.max.age.ms": "180000",
        "connections.max.idle.ms": "180000",
        "request.timeout.ms": "60000",
    };
}
