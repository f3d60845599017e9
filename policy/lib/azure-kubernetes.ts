import { PolicyResource } from "@pulumi/policy";
import { leftOut } from "./azure-left-out";
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
        ...index.ofType(t.agentPool).map((pool) => poolView(pool, () => pool.props, clusterOfPool(pool))),
    ],
};

function clusterView(index: ResourceIndex, cluster: PolicyResource): ClusterView {
    return {
        cloud: "azure",
        resource: cluster,
        publicApiCidrs: () => {
            const access = cluster.props.apiServerAccessProfile;
            if (access?.enablePrivateCluster === true) {
                return [];
            }
            // No authorized ranges: the public endpoint takes every client.
            const ranges = asArray(access?.authorizedIPRanges).map(String);
            const open = ranges.length ? ranges : ["0.0.0.0/0"];
            // Public network access is read last, only where it decides the answer: ranges that admit every
            // client. Narrower ranges are returned as they are, the most the endpoint accepts. The platform
            // states it on a public cluster.
            if (open.some((c) => c.endsWith("/0")) && String(cluster.props.publicNetworkAccess).toLowerCase() === "disabled") {
                return [];
            }
            return open;
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
        // Left out, the version is AKS's default at creation: no value of the API says "unpinned".
        version: () => {
            const v = leftOut(cluster, "kubernetesVersion", () => cluster.props.kubernetesVersion);
            const minor = typeof v === "string" ? /^(\d+\.\d+)/.exec(v) : null;
            return minor ? minor[1] : undefined;
        },
    };
}

/**
 * The diagnostic settings of a cluster: those whose `resourceUri` is built from the cluster. A setting
 * naming the cluster's id as text is not found: `resourceUri` is a path parameter of the setting (and
 * `resourceName` one of the cluster), in no output a stack policy gets, so under the CLI no text can
 * be matched.
 */
function diagnosticSettingsOf(index: ResourceIndex, cluster: PolicyResource): PolicyResource[] {
    return index.dependentsOf(cluster, t.diagnostics, "resourceUri");
}

/**
 * A destination and audit logs, both enabled. A destination, and the one of `category` and
 * `categoryGroup` a log names, exist only when stated: they are read through leftOut.
 */
function collectsAudit(setting: PolicyResource): boolean {
    const hasDestination = destinations.some(
        (p) => (setting.propertyDependencies[p] ?? []).length > 0 || leftOut(setting, p, () => typeof setting.props[p] === "string" && setting.props[p] !== ""),
    );
    const named = (log: any, field: "category" | "categoryGroup") => String(leftOut(setting, "logs", () => log[field]) ?? "");
    const audit = asArray(setting.props.logs).some(
        (log) => log?.enabled === true && (auditCategories.includes(named(log, "category")) || auditCategoryGroups.includes(named(log, "categoryGroup"))),
    );
    return hasDestination && audit;
}

/**
 * The cluster an agent pool belongs to, through `resourceName` built from the cluster's name. A
 * cluster named as text is not found: `resourceName` is a path parameter of both, in no output.
 */
function clusterOfPool(pool: PolicyResource): PolicyResource | undefined {
    return (pool.propertyDependencies.resourceName ?? []).find((d) => d.type === t.cluster);
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
        // Whether the disks are encrypted first, and the disk encryption set (the key) only then.
        diskEncryption: () => {
            const p = props();
            // Without host encryption, a managed OS disk is encrypted by Azure Storage, but an ephemeral
            // one (AKS's default where the VM size allows it) and the temp disk holding kubelet data are
            // not. https://learn.microsoft.com/azure/virtual-machines/disk-encryption
            const encrypted =
                p.enableEncryptionAtHost === true ||
                (String(p.osDiskType ?? "").toLowerCase() === "managed" && String(p.kubeletDiskType ?? "").toLowerCase() !== "temporary");
            if (!encrypted) {
                return "none";
            }
            return cluster !== undefined && encryptsWithDiskEncryptionSet(cluster) ? "customer-managed-key" : "cloud-managed-key";
        },
    };
}

/**
 * A disk encryption set (customer-managed key) on the cluster's node disks: one of this program, or an
 * id given as text. No value of the API says "none": a cluster without one leaves it out (leftOut).
 */
function encryptsWithDiskEncryptionSet(cluster: PolicyResource): boolean {
    if ((cluster.propertyDependencies.diskEncryptionSetID ?? []).some((d) => d.type === t.diskEncryptionSet)) {
        return true;
    }
    const id = leftOut(cluster, "diskEncryptionSetID", () => cluster.props.diskEncryptionSetID);
    return typeof id === "string" && id !== "";
}
