import * as eventhub from "@pulumi/azure-native/eventhub";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { ResourceGroup } from "../shared/azure-groups";
import { zoneRedundantRegions } from "../shared/azure-limits";
import { knownAfter } from "../shared/known-after";
import { keyUserIdentity } from "../shared/azure-cmk";
import { PlatformContext } from "../shared/context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { kafkaPort, namespaceTier, serviceBusSuffix } from "./azure-limits";
import { eventHubsGlobalName, namespaceId } from "./azure-names";

export interface NamespaceArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    /** The stream resource group of the namespace's region. */
    readonly group: ResourceGroup;
    /** The key of the namespace's region; the namespace is in `key.region`. */
    readonly key: KeyRef;
    readonly subscriptionId: pulumi.Output<string>;
    /** `stream` for the primary namespace, `stream-replica` for its Geo-DR partner: physical names. */
    readonly role: string;
    /** Premium processing units. */
    readonly processingUnits: number;
    /** Whether clients outside the VNet may connect (dev); prod reaches the namespace through private endpoints only. */
    readonly publicNetworkAccess: boolean;
    /** More user-assigned identities the namespace acts as (the Capture identity). */
    readonly identities?: readonly pulumi.Input<string>[];
}

export interface ProtectedNamespace {
    readonly namespace: eventhub.Namespace;
    /** The namespace's name, known during a preview; inputs built from it wait for the namespace. */
    readonly name: pulumi.Output<string>;
    /** ARM id, known during a preview (built from its parts) and tied to the namespace. */
    readonly id: pulumi.Output<string>;
    readonly group: ResourceGroup;
    readonly region: string;
    /** `<namespace>.servicebus.windows.net:9093`: the Kafka endpoint. */
    readonly kafkaEndpoint: pulumi.Output<string>;
}

/**
 * A Premium Event Hubs namespace with every protection the streams need, used for the primary namespace
 * and its partner in the backup region so both carry the same ones: the Kafka endpoint, TLS 1.2 or newer,
 * Microsoft Entra ID only (no SAS), zone redundancy where the region has zones, and encryption with the
 * region's Key Vault key through a user-assigned identity that holds its role on that key before the
 * namespace exists. Data-bearing: retained on delete in prod (dataOptions), its resource group too.
 */
export function protectedNamespace(parent: pulumi.ComponentResource, name: string, args: NamespaceArgs): ProtectedNamespace {
    const { ctx, provider, group, key, subscriptionId, role } = args;
    const region = key.region;
    const tags = { ...ctx.tags };
    const data = (extra: ExtraOptions = {}) => dataOptions(parent, provider, ctx, extra);

    // Event Hubs can only encrypt a namespace with a customer-managed key when it is created empty, and
    // through a user-assigned identity it may use the key as; Geo-DR pairing also wants the partner
    // encrypted with a user-assigned identity before it is paired.
    // https://learn.microsoft.com/azure/event-hubs/configure-customer-managed-key
    const { identity: cmkIdentity, keyGrant, vaultUri, keyName } = keyUserIdentity(parent, name, { ctx, provider, subscriptionId, resourceGroupName: group.name, region, role, key });

    const namespaceName = subscriptionId.apply((subscription) => eventHubsGlobalName(ctx, subscription, role, region));
    const namespace = new eventhub.Namespace(
        name,
        {
            namespaceName,
            resourceGroupName: group.name,
            location: region,
            sku: { name: namespaceTier, tier: namespaceTier, capacity: args.processingUnits },
            // Creation-time only; a Premium namespace keeps its three replicas in three zones where the
            // region has them. https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview
            zoneRedundant: zoneRedundantRegions.includes(region),
            kafkaEnabled: true,
            // https://learn.microsoft.com/azure/event-hubs/transport-layer-security-enforce-minimum-version
            minimumTlsVersion: "1.2",
            // Microsoft Entra ID only: SAS keys (the namespace's default RootManageSharedAccessKey included)
            // are refused. https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature#disabling-localsas-key-authentication
            disableLocalAuth: true,
            publicNetworkAccess: args.publicNetworkAccess ? "Enabled" : "Disabled",
            identity: { type: "UserAssigned", userAssignedIdentities: [cmkIdentity.id, ...(args.identities ?? [])] },
            encryption: {
                keySource: "Microsoft.KeyVault",
                // No key version: the namespace polls the vault and follows the key's rotation.
                keyVaultProperties: [{ keyName, keyVaultUri: vaultUri, identity: { userAssignedIdentity: cmkIdentity.id } }],
                // A second, platform-managed layer of encryption, like the lake's.
                requireInfrastructureEncryption: true,
            },
            tags,
        },
        data({ dependsOn: [keyGrant] }),
    );
    const knownName = knownAfter(namespace, namespaceName);
    const id = pulumi.all([subscriptionId, group.name, knownName]).apply(([s, g, n]) => namespaceId(s, g, n));
    return {
        namespace,
        name: knownName,
        id,
        group,
        region,
        kafkaEndpoint: kafkaEndpointOf(knownName),
    };
}

/** `<name>.servicebus.windows.net:9093` for a namespace or a Geo-DR alias. */
export function kafkaEndpointOf(name: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`${name}.${serviceBusSuffix}:${kafkaPort}`;
}
