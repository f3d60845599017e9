import { PolicyResource } from "@pulumi/policy";
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
            const sources = namespacesIn(index, via, "namespaceName");
            const targets = namespacesIn(index, via, "partnerNamespace");
            return sources
                .filter((source) => {
                    const hubs = eventHubsOf(index, source);
                    return hubs.length > 0 && hubs.every(captures);
                })
                .flatMap((source) => targets.filter((target) => target !== source).map((target) => ({ via, source, target })));
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
        // dependency first, and the settings are read only when no such key is named.
        encryptionKey: () =>
            customerKeyIn(namespace, "encryption", azureKeys, () => {
                const encryption = props.encryption;
                if (String(encryption?.keySource ?? "").toLowerCase() !== "microsoft.keyvault") {
                    return undefined;
                }
                const kv = asArray(encryption?.keyVaultProperties).find((k) => k?.keyVaultUri && k?.keyName);
                return kv ? `${String(kv.keyVaultUri).replace(/\/+$/, "")}/keys/${kv.keyName}` : undefined;
            }),
        // Event Hubs accepts TLS only, on every protocol (Kafka on 9093, AMQP, HTTPS), and TLS 1.0 upward
        // unless minimumTlsVersion says otherwise.
        // https://learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview
        // https://learn.microsoft.com/azure/event-hubs/transport-layer-security-enforce-minimum-version
        transport: (): Transport => ({
            httpsOnly: true,
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
            const rules = [...dependents(index, namespace, t.namespaceRule), ...dependents(index, namespace, t.eventHubRule)];
            ways.push(...rules.map((r) => `SAS authorization rule ${r.props.authorizationRuleName ?? r.name}`));
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
        name: () => String(hub.props.eventHubName ?? hub.name),
        retentionHours: () => {
            const retention = hub.props.retentionDescription;
            if (String(retention?.cleanupPolicy ?? "").toLowerCase() === "compact") {
                return Infinity;
            }
            if (typeof retention?.retentionTimeInHours === "number") {
                return retention.retentionTimeInHours;
            }
            const days = hub.props.messageRetentionInDays;
            return typeof days === "number" ? days * 24 : defaultRetentionHours;
        },
        replicationFactor: () => "managed",
        stream: () => namespacesIn(index, hub, "namespaceName")[0],
    };
}

/**
 * The namespaces `property` names: through the dependency when the name or id is an output of a
 * namespace of this program, else by the name given as text (the last segment of an ARM id).
 */
function namespacesIn(index: ResourceIndex, r: PolicyResource, property: string): PolicyResource[] {
    const linked = (r.propertyDependencies[property] ?? []).filter((d) => d.type === t.namespace);
    if (linked.length) {
        return linked;
    }
    const text = r.props[property];
    const name = typeof text === "string" ? text.split("/").pop()?.toLowerCase() : undefined;
    return name ? index.ofType(t.namespace).filter((n) => String(n.props.namespaceName ?? "").toLowerCase() === name) : [];
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
    const capture = hub.props.captureDescription;
    if (capture?.enabled !== true) {
        return false;
    }
    if ((hub.propertyDependencies.captureDescription ?? []).some((d) => d.type === storageAccountType)) {
        return true;
    }
    const destination = capture.destination;
    return (
        (typeof destination?.storageAccountResourceId === "string" && destination.storageAccountResourceId !== "") ||
        (typeof destination?.dataLakeAccountName === "string" && destination.dataLakeAccountName !== "")
    );
}

const storageAccountType = "azure-native:storage:StorageAccount";

// Both the namespace and the rule set default to Enabled; SecuredByPerimeter leaves it to a network
// security perimeter's access rules.
function isPublic(value: unknown): boolean {
    return value === undefined || String(value).toLowerCase() === "enabled";
}
