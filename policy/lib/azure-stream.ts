import { PolicyResource } from "@pulumi/policy";
import { leftOut } from "./azure-left-out";
import { azureKeys, customerKeyIn } from "./keys";
import { ResourceIndex } from "./resource-index";
import { asArray, regionName } from "./values";
import { ReplicationEdge, StreamAdapter, StreamView, TopicView, Transport } from "./views";

// azure-native type tokens, as each resource class declares them (`__pulumiType`).
const t = {
    namespace: "azure-native:eventhub:Namespace",
    eventHub: "azure-native:eventhub:EventHub",
    pairing: "azure-native:eventhub:DisasterRecoveryConfig",
    namespaceRule: "azure-native:eventhub:NamespaceAuthorizationRule",
    eventHubRule: "azure-native:eventhub:EventHubAuthorizationRule",
    networkRuleSet: "azure-native:eventhub:NamespaceNetworkRuleSet",
};

/**
 * An event hub keeps events one day unless told otherwise.
 * https://learn.microsoft.com/archive/blogs/servicebus/data-retention-in-event-hubs
 */
const defaultRetentionHours = 24;

export const azureStream: StreamAdapter = {
    cloud: "azure",
    streams: (index) => index.ofType(t.namespace).map((namespace) => namespaceView(index, namespace)),
    topics: (index) => index.ofType(t.eventHub).map((hub) => eventHubView(index, hub)),
    // Geo-disaster recovery pairs a namespace with a partner in another region and copies its event hubs,
    // consumer groups and settings, not its events (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr).
    // A pairing counts as a copy of the stream only when the events leave the region as well: every event
    // hub of the namespace captured (into storage the storage policies keep replicated).
    replicationEdges: (index) =>
        index.ofType(t.pairing).flatMap<ReplicationEdge>((via) => {
            const sources = namespacesIn(index, via, "namespaceName").filter((source) => {
                const hubs = eventHubsOf(index, source);
                return hubs.length > 0 && hubs.every(captures);
            });
            // The partner, possibly named as text, is read last: only for a pairing that can count.
            const targets = sources.length ? namespacesIn(index, via, "partnerNamespace") : [];
            return sources.flatMap((source) => targets.filter((target) => target !== source).map((target) => ({ via, source, target })));
        }),
    // Deleting a namespace or an event hub deletes its events.
    dataBearingTypes: [t.namespace, t.eventHub],
};

function namespaceView(index: ResourceIndex, namespace: PolicyResource): StreamView {
    const props = namespace.props;
    return {
        cloud: "azure",
        resource: namespace,
        kind: "Event Hubs namespace",
        region: () => regionName(props.location ?? namespace.provider?.props.location),
        // The SDK resolves `encryption` as one value (to fill in its defaults), so during a preview the whole
        // setting is unknown as soon as the key's URI is: a Key Vault key of this program is found through the
        // dependency first, and the settings are read only when no such key is named. Microsoft-managed keys
        // have no keySource of their own (Microsoft.KeyVault is the only one): a namespace leaves it out.
        encryptionKey: () =>
            customerKeyIn(namespace, "encryption", azureKeys, () => {
                const keySource = leftOut(namespace, "encryption", () => props.encryption.keySource);
                if (String(keySource ?? "").toLowerCase() !== "microsoft.keyvault") {
                    return undefined;
                }
                const kv = asArray(props.encryption.keyVaultProperties).find((k) => k?.keyVaultUri && k?.keyName);
                return kv ? `${String(kv.keyVaultUri).replace(/\/+$/, "")}/keys/${kv.keyName}` : undefined;
            }),
        // Event Hubs accepts TLS only, on every protocol (Kafka on 9093, AMQP, HTTPS), and TLS 1.0 upward
        // unless minimumTlsVersion says otherwise.
        // https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview
        // https://learn.microsoft.com/azure/event-hubs/transport-layer-security-enforce-minimum-version
        transport: (): Transport => ({
            tlsOnly: true,
            ...(typeof props.minimumTlsVersion === "string" ? { minTlsVersion: props.minimumTlsVersion } : {}),
        }),
        publicNetworkAccess: () => {
            // The namespace and its network rule set write the same setting; either one left Enabled (the
            // default of both) lets public networks in.
            const rulesets = dependents(index, namespace, t.networkRuleSet);
            return isPublic(props.publicNetworkAccess) || rulesets.some((r) => isPublic(r.props.publicNetworkAccess));
        },
        nonIdentityAuth: () => {
            const ways: string[] = [];
            // Shared access signatures stay on unless local authentication is disabled.
            // https://learn.microsoft.com/azure/event-hubs/authenticate-shared-access-signature#disabling-localsas-key-authentication
            if (props.disableLocalAuth !== true) {
                ways.push("SAS keys (disableLocalAuth is not true)");
            }
            // Named by resource name: `authorizationRuleName` is a path parameter, in no output.
            const rules = [...dependents(index, namespace, t.namespaceRule), ...dependents(index, namespace, t.eventHubRule)];
            ways.push(...rules.map((r) => `SAS authorization rule ${r.name}`));
            return ways;
        },
        // Event Hubs keeps three replicas of every event across availability zones and acknowledges a send
        // once all are written; clients cannot choose fewer.
        // https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview
        defaultReplicationFactor: () => "managed",
        minInSyncReplicas: () => "managed",
    };
}

function eventHubView(index: ResourceIndex, hub: PolicyResource): TopicView {
    return {
        cloud: "azure",
        resource: hub,
        // The resource name: `eventHubName` is a path parameter, in no output, and the `name` output is
        // unknown until the event hub exists. The platform names each event hub's resource after it.
        name: () => hub.name,
        // Retention is stated one of two ways (retentionDescription, or the legacy messageRetentionInDays)
        // or left at the default; the ways not used are left out.
        retentionHours: () => {
            const retention = <T>(read: () => T) => leftOut(hub, "retentionDescription", read);
            if (String(retention(() => hub.props.retentionDescription.cleanupPolicy) ?? "").toLowerCase() === "compact") {
                return Infinity;
            }
            const hours = retention(() => hub.props.retentionDescription.retentionTimeInHours);
            if (typeof hours === "number") {
                return hours;
            }
            const days = leftOut(hub, "messageRetentionInDays", () => hub.props.messageRetentionInDays);
            return typeof days === "number" ? days * 24 : defaultRetentionHours;
        },
        replicationFactor: () => "managed",
        stream: () => namespacesIn(index, hub, "namespaceName")[0],
    };
}

/**
 * The namespaces `property` names: through the dependency when it is built from an output of a
 * namespace of this program, else, for a response property (`partnerNamespace`, an ARM id), by the
 * name given as text matched against each namespace's `name` output, which is unknown until the
 * namespace exists (on a first preview the policy then stops with "can't run", as under the CLI).
 * `namespaceName` is a path parameter, in no output: only its dependency counts.
 */
function namespacesIn(index: ResourceIndex, r: PolicyResource, property: string): PolicyResource[] {
    const linked = (r.propertyDependencies[property] ?? []).filter((d) => d.type === t.namespace);
    if (linked.length || property === "namespaceName") {
        return linked;
    }
    const text = r.props[property];
    const name = typeof text === "string" ? text.split("/").pop()?.toLowerCase() : undefined;
    return name ? index.ofType(t.namespace).filter((n) => String(n.props.name).toLowerCase() === name) : [];
}

/** Resources of `type` that belong to `namespace` through their `namespaceName`. */
function dependents(index: ResourceIndex, namespace: PolicyResource, type: string): PolicyResource[] {
    return index.ofType(type).filter((r) => namespacesIn(index, r, "namespaceName").includes(namespace));
}

function eventHubsOf(index: ResourceIndex, namespace: PolicyResource): PolicyResource[] {
    return dependents(index, namespace, t.eventHub);
}

/**
 * Capture on, with somewhere to write: a storage account of this program (found through the dependency,
 * as its id may be unknown during a preview), else one named by id, or a Data Lake account.
 */
function captures(hub: PolicyResource): boolean {
    // Capture, and each kind of destination, exist only when stated: an event hub without Capture leaves
    // the description out (as the platform does when it does not archive).
    const capture = <T>(read: () => T) => leftOut(hub, "captureDescription", read);
    if (capture(() => hub.props.captureDescription.enabled) !== true) {
        return false;
    }
    if ((hub.propertyDependencies.captureDescription ?? []).some((d) => d.type === storageAccountType)) {
        return true;
    }
    const named = (field: string) => capture(() => hub.props.captureDescription.destination[field]);
    return [named("storageAccountResourceId"), named("dataLakeAccountName")].some((v) => typeof v === "string" && v !== "");
}

const storageAccountType = "azure-native:storage:StorageAccount";

// Both the namespace and the rule set default to Enabled; SecuredByPerimeter leaves it to a network
// security perimeter's access rules.
function isPublic(value: unknown): boolean {
    return value === undefined || String(value).toLowerCase() === "enabled";
}
