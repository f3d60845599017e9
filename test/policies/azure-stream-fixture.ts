import * as eventhub from "@pulumi/azure-native/eventhub";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { Provider } from "@pulumi/azure-native/provider";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "../../tools/offline/types";
import { urnOf as sharedUrnOf } from "../support/fixtures";

// Small Event Hubs setups for the stream policy tests. By default a compliant one: a Premium namespace
// encrypted with a Key Vault key of the program, TLS 1.2, no SAS, no public access, retained on delete,
// with a captured topic and its dead-letter topic, paired (Geo-DR) with a namespace of the same
// protections in another region. Each test changes one thing.

export const rg = "fixture-rg";
export const archiveAccountId = `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/fixturearchive`;

export interface TopicSpec {
    readonly name: string;
    /** `retentionTimeInHours`; `compact` a compacted event hub; `days:N` the legacy messageRetentionInDays; `unset` neither. */
    readonly retention?: number | "compact" | `days:${number}` | "unset";
    /** Capture into storage: `text` an account named by id, `program` an account of the fixture, `off` none. */
    readonly capture?: "text" | "program" | "off";
}

export interface StreamSpec {
    readonly minimumTlsVersion?: string | "unset";
    readonly disableLocalAuth?: boolean | "unset";
    readonly publicNetworkAccess?: "Enabled" | "Disabled" | "SecuredByPerimeter" | "unset";
    /** A NamespaceNetworkRuleSet with this publicNetworkAccess. */
    readonly networkRuleSet?: "Enabled" | "Disabled";
    /**
     * `program-key` a Key Vault key of the fixture (URI unknown in a preview); `text` key and identity named
     * as text; `unknown-text` a key named as text with the identity's id (unknown in a preview); `none` no CMK.
     */
    readonly cmk?: "program-key" | "text" | "unknown-text" | "none";
    /** SAS authorization rules on the namespace and on the first event hub. */
    readonly sasRules?: boolean;
    readonly topics?: readonly TopicSpec[];
    /**
     * `geo-dr` paired with a namespace in centralus; `same-region` with one in eastus2; `none` no pairing;
     * `partner-as-text` with the centralus one named by its ARM id as text.
     */
    readonly pairing?: "geo-dr" | "same-region" | "partner-as-text" | "none";
    readonly opts?: pulumi.CustomResourceOptions;
}

export const compliantTopics: readonly TopicSpec[] = [
    { name: "orders", retention: 168 },
    { name: "orders.dlq", retention: 336 },
];

const providers = new Map<string, Provider>();
/** One provider per location and program run (a fixture program runs once per evaluation). */
function provider(location: string): Provider {
    const known = providers.get(location);
    if (known) {
        return known;
    }
    const p = new Provider(location, { location });
    providers.set(location, p);
    return p;
}

function key(name: string, p: Provider): keyvault.Key {
    return new keyvault.Key(
        name,
        {
            keyName: name,
            vaultName: "fixture-kv",
            resourceGroupName: rg,
            properties: { kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }] } },
        },
        // Not what these tests judge: kept out of data-retained-on-delete's way.
        { provider: p, retainOnDelete: true },
    );
}

function namespace(name: string, location: string, spec: StreamSpec): eventhub.Namespace {
    const p = provider(location);
    const cmk = spec.cmk ?? "program-key";
    const identity = new managedidentity.UserAssignedIdentity(`${name}-cmk`, { resourceGroupName: rg, location }, { provider: p });
    const keyRef = cmk === "program-key" ? key(`${name}-key`, p) : undefined;
    const keyVaultProperties =
        cmk === "program-key"
            ? [{ keyName: keyRef!.name, keyVaultUri: keyRef!.keyUri.apply((u) => new URL(u).origin), identity: { userAssignedIdentity: identity.id } }]
            : cmk === "text"
              ? [{ keyName: "events", keyVaultUri: "https://fixture-kv.vault.azure.net/", identity: { userAssignedIdentity: `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-cmk` } }]
              : cmk === "unknown-text"
                ? [{ keyName: "events", keyVaultUri: "https://fixture-kv.vault.azure.net/", identity: { userAssignedIdentity: identity.id } }]
                : undefined;
    return new eventhub.Namespace(
        name,
        {
            namespaceName: `${name}-fixture`,
            resourceGroupName: rg,
            location,
            sku: { name: "Premium", tier: "Premium", capacity: 1 },
            kafkaEnabled: true,
            ...(spec.minimumTlsVersion === "unset" ? {} : { minimumTlsVersion: spec.minimumTlsVersion ?? "1.2" }),
            ...(spec.disableLocalAuth === "unset" ? {} : { disableLocalAuth: spec.disableLocalAuth ?? true }),
            ...(spec.publicNetworkAccess === "unset" ? {} : { publicNetworkAccess: spec.publicNetworkAccess ?? "Disabled" }),
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            ...(keyVaultProperties ? { encryption: { keySource: "Microsoft.KeyVault", keyVaultProperties, requireInfrastructureEncryption: true } } : {}),
        },
        { provider: p, retainOnDelete: true, ...spec.opts },
    );
}

function retentionArgs(retention: TopicSpec["retention"]): Partial<eventhub.EventHubArgs> {
    if (retention === "unset") {
        return {};
    }
    if (retention === "compact") {
        return { retentionDescription: { cleanupPolicy: "Compact", tombstoneRetentionTimeInHours: 24 } };
    }
    if (typeof retention === "string") {
        return { messageRetentionInDays: Number(retention.slice("days:".length)) };
    }
    return { retentionDescription: { cleanupPolicy: "Delete", retentionTimeInHours: retention ?? 168 } };
}

export function eventHubs(spec: StreamSpec = {}): { primary: eventhub.Namespace; partner?: eventhub.Namespace } {
    providers.clear();
    const primary = namespace("events", "eastus2", spec);
    const p = providers.get("eastus2")!;
    const opts = { provider: p, parent: primary, retainOnDelete: true, ...spec.opts };
    let programAccount: storage.StorageAccount | undefined;
    const hubs = (spec.topics ?? compliantTopics).map((topic) => {
        const capture = topic.capture ?? "text";
        if (capture === "program" && !programAccount) {
            programAccount = new storage.StorageAccount("archive", { resourceGroupName: rg, kind: "StorageV2", sku: { name: "Standard_LRS" } }, { provider: p });
        }
        return new eventhub.EventHub(
            topic.name,
            {
                namespaceName: primary.name,
                resourceGroupName: rg,
                eventHubName: topic.name,
                partitionCount: 3,
                ...retentionArgs(topic.retention),
                ...(capture === "off"
                    ? {}
                    : {
                          captureDescription: {
                              enabled: true,
                              encoding: "Avro",
                              intervalInSeconds: 300,
                              destination: {
                                  name: "EventHubArchive.AzureBlockBlob",
                                  storageAccountResourceId: capture === "program" ? programAccount!.id : archiveAccountId,
                                  blobContainer: "archive",
                                  archiveNameFormat: "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}",
                              },
                          },
                      }),
            },
            opts,
        );
    });
    if (spec.sasRules) {
        new eventhub.NamespaceAuthorizationRule("listen-all", { namespaceName: primary.name, resourceGroupName: rg, authorizationRuleName: "listen-all", rights: ["Listen"] }, { provider: p });
        new eventhub.EventHubAuthorizationRule("send-orders", { namespaceName: primary.name, eventHubName: hubs[0].name, resourceGroupName: rg, authorizationRuleName: "send-orders", rights: ["Send"] }, { provider: p });
    }
    if (spec.networkRuleSet) {
        new eventhub.NamespaceNetworkRuleSet("rules", { namespaceName: primary.name, resourceGroupName: rg, publicNetworkAccess: spec.networkRuleSet, defaultAction: "Deny" }, { provider: p });
    }
    const pairing = spec.pairing ?? "geo-dr";
    if (pairing === "none") {
        return { primary };
    }
    const partner = namespace("events-replica", pairing === "same-region" ? "eastus2" : "centralus", spec);
    const partnerNamespace = pairing === "partner-as-text" ? `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.EventHub/namespaces/events-replica-fixture` : partner.id;
    new eventhub.DisasterRecoveryConfig("events-dr", { namespaceName: primary.name, resourceGroupName: rg, alias: "events-alias-fixture", partnerNamespace }, { provider: p, parent: primary });
    return { primary, partner };
}

/** The URN a violation about a resource of the fixture names. */
export const urnOf = (r: { resources: RecordedResource[] }, type: "Namespace" | "EventHub", name: string) =>
    sharedUrnOf(r, `azure-native:eventhub:${type}`, name);
