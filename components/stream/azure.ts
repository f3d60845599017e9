import * as eventhub from "@pulumi/azure-native/eventhub";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import { lakeContainerName } from "../lake/azure-account";
import { AzureNetworkHandle, privateEndpoint } from "../network/azure";
import { networkHandle } from "../network/contract";
import { resourceGroup } from "../shared/azure-groups";
import { knownAfter } from "../shared/known-after";
import { assignRole, clientConfig, deployerPrincipalType } from "../shared/azure-roles";
import { namePrefix, PlatformContext } from "../shared/context";
import { dataOptions, infraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { topicGrant, EventHubScope } from "./azure-grant";
import { azureAuthMechanism, captureArchiveNameFormat, captureRecoveryPoint, captureWindow, kafkaClientProperties, processingUnitsFor } from "./azure-limits";
import { eventHubsGlobalName } from "./azure-names";
import { kafkaEndpointOf, ProtectedNamespace, protectedNamespace } from "./azure-namespace";
import { CreateStreams, StreamImplementation } from "./contract";
import { allTopics } from "./topics";

/**
 * Kafka-protocol streams on Event Hubs (Premium): one namespace in the primary region, one event hub
 * per topic and per dead-letter topic with the configured partitions and retention, reached only
 * through a private endpoint in prod; optionally captured into the lake (Avro, by date) and paired for
 * geo-disaster recovery with a namespace in the backup region that has the same protections and the
 * backup region's key.
 */
export const createStreams: CreateStreams = (self, args) => {
    const { ctx, providers, keys, lake, settings } = args;
    const net = networkHandle<AzureNetworkHandle>(args.network, "azure");
    const client = clientConfig(self, providers.primary);
    const subscriptionId = client.subscriptionId;
    const topics = allTopics(settings);

    const partitions = topics.reduce((n, t) => n + t.partitions, 0);
    const processingUnits = processingUnitsFor(partitions);
    if (processingUnits === undefined) {
        throw new Error(`${partitions} partitions do not fit one Event Hubs Premium namespace; the config check should have refused stream.topics`);
    }
    // Prod is private to the VNet; dev keeps the public endpoint (stream-private-access is off there),
    // still TLS and Entra ID only.
    const privateOnly = ctx.profile.privateStreams;

    const primaryGroup = resourceGroup(self, "streams", { ctx, provider: providers.primary, capability: "stream", region: ctx.region });
    const capture = settings.archiveToLake ? captureIdentity(self, ctx, providers.primary, primaryGroup.name, client, lake) : undefined;
    const common = { ctx, subscriptionId, processingUnits, publicNetworkAccess: !privateOnly, identities: capture ? [capture.identity.id] : [] };
    const primary = protectedNamespace(self, "streams", { ...common, provider: providers.primary, group: primaryGroup, key: keys.primary, role: "stream" });

    const hubs = topics.map((topic) => {
        const hub = new eventhub.EventHub(
            topic.name,
            {
                namespaceName: primary.name,
                resourceGroupName: primaryGroup.name,
                eventHubName: topic.name,
                // Premium adds partitions to an existing event hub but never removes any.
                // https://learn.microsoft.com/azure/event-hubs/dynamically-add-partitions
                partitionCount: topic.partitions,
                retentionDescription: { cleanupPolicy: "Delete", retentionTimeInHours: topic.retentionHours },
                ...(capture
                    ? {
                          captureDescription: {
                              enabled: true,
                              encoding: "Avro",
                              intervalInSeconds: captureWindow.intervalSeconds,
                              sizeLimitInBytes: captureWindow.sizeBytes,
                              // No empty files: the lake keeps every version it is given.
                              skipEmptyArchives: true,
                              destination: {
                                  // The name Capture gives a Blob storage destination.
                                  name: "EventHubArchive.AzureBlockBlob",
                                  storageAccountResourceId: lake.resourceId,
                                  blobContainer: lakeContainerName,
                                  archiveNameFormat: captureArchiveNameFormat,
                                  // The lake refuses shared keys: Capture signs in as this identity.
                                  // https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity
                                  identity: { type: "UserAssigned", userAssignedIdentity: capture.identity.id },
                              },
                          },
                      }
                    : {}),
            },
            // Deleting an event hub deletes its events: retained in prod like the namespace. With Capture on,
            // created once both grants on the lake have applied.
            dataOptions(self, providers.primary, ctx, { parent: primary.namespace, dependsOn: capture ? [capture.ready] : [] }),
        );
        return { topic: topic.name, scope: knownAfter(hub, pulumi.interpolate`${primary.id}/eventhubs/${topic.name}`), copy: "primary" as const };
    });

    const endpoints = privateOnly ? [namespaceEndpoint(self, "streams", ctx, net, primaryGroup.name, primary)] : [];

    let replica: { namespace: ProtectedNamespace; alias: pulumi.Output<string>; scopes: EventHubScope[] } | undefined;
    if (settings.replicateToBackupRegion) {
        const backupGroup = resourceGroup(self, "streams-replica", { ctx, provider: providers.backup, capability: "stream", region: ctx.backupRegion });
        // Created empty (Geo-DR pairs only with an empty namespace) and encrypted from the start with the
        // backup region's key. https://learn.microsoft.com/azure/event-hubs/configure-customer-managed-key
        const partner = protectedNamespace(self, "streams-replica", {
            ...common,
            provider: providers.backup,
            group: backupGroup,
            key: keys.backup,
            role: "stream-replica",
        });
        // Pairing needs a private endpoint on both namespaces when the primary has one. The only VNet is in
        // the primary region, and a private endpoint reaches a namespace in another region; after a
        // failover the same DNS zone resolves the partner's name to its endpoint.
        // https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr#private-endpoints
        if (privateOnly) {
            endpoints.push(namespaceEndpoint(self, "streams-replica", ctx, net, primaryGroup.name, partner));
        }
        const alias = subscriptionId.apply((s) => eventHubsGlobalName(ctx, s, "events", ctx.region));
        // Geo-disaster recovery: the partner gets every event hub, consumer group and setting, and a
        // failover points the alias at it; events are not copied, they reach the backup region through
        // Capture and the lake's geo-redundant storage (RPO in azure-limits.ts). The partner's event hubs
        // keep capturing into the same lake account, which takes writes again once its region is back or
        // the account itself is failed over to the pair (docs/runbooks.md). Geo-replication is the
        // alternative, not taken for now (azure-limits.ts, docs/design-decisions.md).
        // https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr
        const pairing = new eventhub.DisasterRecoveryConfig(
            "streams-geo-dr",
            { resourceGroupName: primaryGroup.name, namespaceName: primary.name, alias, partnerNamespace: partner.id },
            // Metadata only: removing the pairing loses nothing, so it is not retained.
            infraOptions(self, providers.primary, ctx, { parent: primary.namespace, dependsOn: endpoints }),
        );
        replica = {
            namespace: partner,
            alias: knownAfter(pairing, alias),
            // The partner's event hubs exist once the pairing has copied them.
            scopes: topics.map((t) => ({ topic: t.name, scope: knownAfter(pairing, pulumi.interpolate`${partner.id}/eventhubs/${t.name}`), copy: "replica" as const })),
        };
    }

    // With Geo-DR, clients connect through the alias, which stays the same when a failover moves it to
    // the partner; the partner's own address is the replica's.
    const bootstrapServers = replica ? kafkaEndpointOf(replica.alias) : primary.kafkaEndpoint;
    const scopes: EventHubScope[] = [...hubs, ...(replica?.scopes ?? [])];
    return {
        bootstrapServers,
        authMechanism: azureAuthMechanism,
        kafkaClientProperties: bootstrapServers.apply(kafkaClientProperties),
        replicaBootstrapServers: replica ? (replica.namespace.kafkaEndpoint as pulumi.Output<string | undefined>) : pulumi.output(undefined),
        replicaRecoveryPoint: replica ? captureRecoveryPoint : undefined,
        grant: (topic, access) => topicGrant(topic, access, scopes),
    };
};

/**
 * What Capture into the lake needs before an event hub is created with it:
 * - the identity Capture writes as, with Storage Blob Data Contributor on the lake account, the scope
 *   Microsoft's prerequisites name (https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity);
 *   user-assigned, so its role is in place before any event hub captures;
 * - the deployer's own right to write blobs there: Event Hubs checks, when Capture is turned on or
 *   changed (a partition count included), that whoever asks holds `containers/write` and
 *   `containers/blobs/write` at the account scope ("Linked access check failed for capture storage
 *   destination" otherwise). Microsoft names Storage Blob Data Owner; Storage Blob Data Contributor carries
 *   both too, and neither Owner nor Contributor carries the blob write data action.
 *   https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview#azure-storage-account-as-a-destination
 * Both are given time to apply before the event hubs are created (`ready`).
 */
function captureIdentity(
    self: pulumi.ComponentResource,
    ctx: PlatformContext,
    provider: pulumi.ProviderResource,
    groupName: pulumi.Output<string>,
    client: pulumi.Output<{ subscriptionId: string; objectId: string }>,
    lake: { resourceId: pulumi.Output<string> },
) {
    const subscriptionId = client.subscriptionId;
    const identity = new managedidentity.UserAssignedIdentity(
        "streams-capture",
        { resourceName: `${namePrefix(ctx)}-stream-capture`, resourceGroupName: groupName, location: ctx.region, tags: { ...ctx.tags } },
        dataOptions(self, provider, ctx),
    );
    const writer = assignRole(
        self,
        "streams-capture-lake-writer",
        {
            ctx,
            provider,
            subscriptionId,
            role: "storageBlobDataContributor",
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            scope: lake.resourceId,
        },
        dataOptions,
        { parent: identity },
    );
    const deployer = assignRole(
        self,
        "streams-capture-deployer-writer",
        {
            ctx,
            provider,
            subscriptionId,
            role: "storageBlobDataContributor",
            principalId: client.objectId,
            principalType: deployerPrincipalType(self, provider),
            scope: lake.resourceId,
        },
        // Only the deployer's own calls need it (turning Capture on or changing a hub), never a kept
        // namespace: it is not retained, so a cloud swap leaves no deployer right on the lake.
        infraOptions,
    );
    return { identity, ready: afterPropagation("streams-capture-writers", [writer, deployer], "azure", identity) };
}

/**
 * A private endpoint for a namespace in the network's endpoint subnet, registered in the VNet's
 * `privatelink.servicebus.windows.net` zone so the namespace's usual name resolves to it inside the VNet.
 * Retained in prod with the namespace (as are the VNet, subnet and zone it sits in: network/azure.ts):
 * a prod namespace takes no public traffic, so a kept namespace without its endpoint is unreachable.
 * https://learn.microsoft.com/azure/event-hubs/private-link-service
 */
function namespaceEndpoint(
    self: pulumi.ComponentResource,
    name: string,
    ctx: PlatformContext,
    net: AzureNetworkHandle,
    groupName: pulumi.Output<string>,
    target: ProtectedNamespace,
): network.PrivateEndpoint {
    return privateEndpoint(self, name, {
        ctx,
        net,
        targetName: target.name,
        suffix: "kafka",
        targetId: target.namespace.id,
        // "namespace" is Event Hubs' one private-link sub-resource.
        groupId: "namespace",
        resourceGroupName: groupName,
        dnsZone: "eventHubs",
        dnsConfigName: "servicebus",
    });
}

export const azureStreams: StreamImplementation = { createStreams };
