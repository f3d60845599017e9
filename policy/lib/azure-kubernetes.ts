import { PolicyResource } from "@pulumi/policy";
import { isGpuVmSize } from "./platform-conventions";
import { ResourceIndex } from "./resource-index";
import { azureKeys, customerKeyIn } from "./keys";
import { asArray } from "./values";
import { ClusterView, KubernetesAdapter, NodePoolView } from "./views";

// azure-native type tokens, as each resource class declares them (`__pulumiType`).
const t = {
    cluster: "azure-native:containerservice:ManagedCluster",
    agentPool: "azure-native:containerservice:AgentPool",
    diagnostics: "azure-native:monitor:DiagnosticSetting",
    key: "azure-native:keyvault:Key",
    diskEncryptionSet: "azure-native:compute:DiskEncryptionSet",
};

/**
 * Diagnostic log categories (and category groups) that carry the API server's audit log.
 * https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs
 */
const auditCategories = ["kube-audit", "kube-audit-admin"];
const auditCategoryGroups = ["audit", "allLogs"];

// Where a diagnostic setting sends logs; any one makes the logs collected.
const destinations = ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"];

export const azureKubernetes: KubernetesAdapter = {
    cloud: "azure",
    clusters: (index) => index.ofType(t.cluster).map((cluster) => clusterView(index, cluster)),
    nodePools: (index) => [
        ...index.ofType(t.cluster).flatMap((cluster) => asArray(cluster.props.agentPoolProfiles).map((profile) => poolView(cluster, () => profile, cluster))),
        ...index.ofType(t.agentPool).map((pool) => poolView(pool, () => pool.props, clusterOfPool(index, pool))),
    ],
};

function clusterView(index: ResourceIndex, cluster: PolicyResource): ClusterView {
    return {
        cloud: "azure",
        resource: cluster,
        publicApiCidrs: () => {
            const access = cluster.props.apiServerAccessProfile;
            if (access?.enablePrivateCluster === true || String(cluster.props.publicNetworkAccess ?? "").toLowerCase() === "disabled") {
                return [];
            }
            // No authorized ranges: the public endpoint takes every client.
            const ranges = asArray(access?.authorizedIPRanges).map(String);
            return ranges.length ? ranges : ["0.0.0.0/0"];
        },
        // The SDK resolves `securityProfile` as one value (to fill in its defaults), so during a preview
        // the whole setting is unknown as soon as the key id is: a Key Vault key of this program is found
        // through the dependency first, and the settings are read only when no such key is named.
        secretsEncryptionKey: () =>
            customerKeyIn(cluster, "securityProfile", azureKeys, () => {
                const kms = cluster.props.securityProfile?.azureKeyVaultKms;
                return kms?.enabled === true ? kms.keyId : undefined;
            }),
        auditLogging: () => diagnosticSettingsOf(index, cluster).some(collectsAudit),
        version: () => {
            const v = cluster.props.kubernetesVersion;
            const minor = typeof v === "string" ? /^(\d+\.\d+)/.exec(v) : null;
            return minor ? minor[1] : undefined;
        },
    };
}

/**
 * The diagnostic settings of a cluster: those whose `resourceUri` is built from the cluster (the id is
 * unknown during a preview), else those naming it by its ARM id in text.
 */
function diagnosticSettingsOf(index: ResourceIndex, cluster: PolicyResource): PolicyResource[] {
    const linked = index.dependentsOf(cluster, t.diagnostics, "resourceUri");
    const name = cluster.props.resourceName;
    const named =
        typeof name === "string"
            ? index.ofType(t.diagnostics).filter((d) => !linked.includes(d) && !(d.propertyDependencies.resourceUri ?? []).length && isClusterUri(d.props.resourceUri, name))
            : [];
    return [...linked, ...named];
}

function isClusterUri(uri: unknown, name: string): boolean {
    return typeof uri === "string" && uri.toLowerCase().endsWith(`/providers/microsoft.containerservice/managedclusters/${name.toLowerCase()}`);
}

function collectsAudit(setting: PolicyResource): boolean {
    const hasDestination = destinations.some((p) => (setting.propertyDependencies[p] ?? []).length > 0 || (typeof setting.props[p] === "string" && setting.props[p] !== ""));
    const audit = asArray(setting.props.logs).some(
        (log) => log?.enabled === true && (auditCategories.includes(String(log.category ?? "")) || auditCategoryGroups.includes(String(log.categoryGroup ?? ""))),
    );
    return hasDestination && audit;
}

/** The cluster an agent pool belongs to: through `resourceName` (the cluster's name, unknown in a preview), else by name. */
function clusterOfPool(index: ResourceIndex, pool: PolicyResource): PolicyResource | undefined {
    const linked = (pool.propertyDependencies.resourceName ?? []).find((d) => d.type === t.cluster);
    if (linked) {
        return linked;
    }
    const name = pool.props.resourceName;
    return typeof name === "string" ? index.ofType(t.cluster).find((c) => c.props.resourceName === name) : undefined;
}

/**
 * A node pool, declared inline in the cluster (`agentPoolProfiles`) or as an AgentPool of its own;
 * `props` reads the pool's settings (the same names in both).
 */
function poolView(resource: PolicyResource, props: () => Record<string, any>, cluster: PolicyResource | undefined): NodePoolView {
    return {
        cloud: "azure",
        resource,
        gpu: () => {
            const size = props().vmSize;
            return typeof size === "string" && isGpuVmSize(size);
        },
        taints: () => asArray(props().nodeTaints).map(String),
        minNodes: () => {
            const p = props();
            const n = p.enableAutoScaling === true ? p.minCount : p.count;
            return typeof n === "number" ? n : undefined;
        },
        spot: () => String(props().scaleSetPriority ?? "").toLowerCase() === "spot",
        diskEncryption: () => {
            const p = props();
            const cmk = cluster !== undefined && encryptsWithDiskEncryptionSet(cluster);
            if (p.enableEncryptionAtHost === true) {
                return cmk ? "customer-managed-key" : "cloud-managed-key";
            }
            // Without host encryption, a managed OS disk is encrypted by Azure Storage, but an ephemeral
            // one (AKS's default where the VM size allows it) and the temp disk holding kubelet data are
            // not. https://learn.microsoft.com/azure/virtual-machines/disk-encryption
            const managedOsDisk = String(p.osDiskType ?? "").toLowerCase() === "managed";
            const kubeletOnTempDisk = String(p.kubeletDiskType ?? "").toLowerCase() === "temporary";
            if (managedOsDisk && !kubeletOnTempDisk) {
                return cmk ? "customer-managed-key" : "cloud-managed-key";
            }
            return "none";
        },
    };
}

/** A disk encryption set (customer-managed key) on the cluster's node disks. */
function encryptsWithDiskEncryptionSet(cluster: PolicyResource): boolean {
    if ((cluster.propertyDependencies.diskEncryptionSetID ?? []).some((d) => d.type === t.diskEncryptionSet)) {
        return true;
    }
    const id = cluster.props.diskEncryptionSetID;
    return typeof id === "string" && id !== "";
}
