// AKS limits and facts the Azure cluster, its GPU pools and the stack config rules rely on, each with
// its source. No SDK imports: the config rules load this file too, and must stay cheap.

/**
 * Kubernetes minor versions AKS offers, from its release calendar (page of 2026-08-05, ms.date
 * 08/05/2026): community support covers the three most recent GA minors; a minor that has left it stays
 * available for one more year on long-term support (LTS), which AKS sells only on the Premium tier.
 * 1.35, the platform's default, went GA on AKS in March 2026 and is supported until March 2027 (LTS
 * until March 2028); `az aks get-versions --location <region>` lists the patches a region offers.
 * https://learn.microsoft.com/azure/aks/supported-kubernetes-versions#aks-kubernetes-release-calendar-and-upcoming-versions
 * https://learn.microsoft.com/azure/aks/long-term-support#enable-long-term-support
 * Update this table when AKS publishes a new minor (and moves the oldest community one to LTS).
 */
export const aksVersions: Readonly<Record<string, { readonly support: "community" | "lts"; readonly endOfSupport: string }>> = {
    "1.32": { support: "lts", endOfSupport: "2027-03" },
    "1.33": { support: "lts", endOfSupport: "2027-07" },
    "1.34": { support: "lts", endOfSupport: "2027-11" },
    "1.35": { support: "community", endOfSupport: "2027-03" },
    "1.36": { support: "community", endOfSupport: "2027-06" },
    "1.37": { support: "community", endOfSupport: "2027-10" },
};

export type AksSupportPlan = "KubernetesOfficial" | "AKSLongTermSupport";

/** The support plan a minor version needs on AKS; undefined when AKS no longer (or not yet) offers it. */
export function aksSupportPlan(version: string): AksSupportPlan | undefined {
    const entry = aksVersions[version];
    return entry && (entry.support === "community" ? "KubernetesOfficial" : "AKSLongTermSupport");
}

/**
 * Ranges no AKS cluster may use for its virtual network, pods or services.
 * https://learn.microsoft.com/azure/aks/concepts-network-cni-overview#aks-cni-networking-prerequisites
 */
export const aksReservedRanges: readonly string[] = ["169.254.0.0/16", "192.0.2.0/24", "172.30.0.0/16", "172.31.0.0/16"];

/**
 * The Kubernetes service range must be smaller than /12.
 * https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay#kubernetes-service-address-range
 */
export const aksWidestServicePrefix = 13;

/**
 * Azure CNI Overlay gives every node a /24 of the pod range, so the pod range caps the node count.
 * https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay
 */
export const overlayNodePodPrefix = 24;

/** Nodes a pod range of this prefix can hold under Azure CNI Overlay. */
export function overlayNodeCapacity(podPrefix: number): number {
    return podPrefix > overlayNodePodPrefix ? 0 : 2 ** (overlayNodePodPrefix - podPrefix);
}

/**
 * Nodes a pool adds while it upgrades. AKS's pages disagree on the default (one node, or 10% of the
 * pool), so plan for the larger; spot pools get no surge nodes.
 * https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling
 * https://learn.microsoft.com/azure/aks/best-practices-performance-scale-large
 * https://learn.microsoft.com/azure/aks/spot-node-pool#upgrade-a-spot-node-pool
 */
export function upgradeSurgeNodes(maxNodes: number, spot: boolean): number {
    return spot ? 0 : Math.max(1, Math.ceil(maxNodes / 10));
}

/**
 * Authorized IP ranges an API server with VNet integration accepts (200 without it).
 * https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges#limitations-and-considerations
 */
export const maxAuthorizedIpRanges = 2000;

/**
 * Regions where AKS offers API Server VNet Integration: every GA public region except these.
 * https://learn.microsoft.com/azure/aks/api-server-vnet-integration#availability
 */
export const noApiServerVnetIntegration: readonly string[] = ["qatarcentral"];

/**
 * The smallest subnet AKS projects an API server into.
 * https://learn.microsoft.com/azure/aks/api-server-vnet-integration#aks-standard-bring-your-own-vnet
 */
export const minApiServerSubnetPrefix = 28;

/**
 * System node sizes, from AKS's own cluster presets (Production Standard and Dev/Test).
 * https://learn.microsoft.com/azure/aks/quotas-skus-regions#cluster-configuration-presets-in-the-azure-portal
 */
export const systemNodeSize = { prod: "Standard_D8ds_v5", dev: "Standard_D4ds_v5" } as const;

/**
 * NVIDIA GPU sizes AKS installs its GPU driver on: the NC and ND families, except ND MI300X (AMD). NV
 * sizes are AMD (NVv4, not supported on AKS) or partitioned vGPU sizes that need GRID drivers AKS does
 * not install. https://learn.microsoft.com/azure/aks/use-nvidia-gpu#supported-gpu-enabled-vms
 * https://learn.microsoft.com/azure/virtual-machines/sizes/gpu-accelerated/nd-family
 */
export function isAksNvidiaGpuSize(size: string): boolean {
    return /^Standard_N[CD]\d/i.test(size) && !/_MI\d+/i.test(size);
}

// Which sizes carry GPUs is shared with the policy pack.
export { isGpuVmSize } from "../../policy/lib/platform-conventions";

/**
 * The taint and label AKS puts on every node of a spot pool (the pool's workloads must tolerate it).
 * https://learn.microsoft.com/azure/aks/spot-node-pool#limitations
 */
export const aksSpotTaint = { key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" } as const;
export const aksSpotTaintString = `${aksSpotTaint.key}=${aksSpotTaint.value}:${aksSpotTaint.effect}`;

/** Names the AKS pools of this platform use for themselves; GPU pools must pick others. */
export const systemPoolName = "system";

/**
 * Resource ids built into AKS's Entra ID integration: the server application kubelogin asks tokens for.
 * https://learn.microsoft.com/azure/aks/kubelogin-authentication
 */
export const aksEntraServerAppId = "6dae42f8-4368-4678-94ff-3960e28e3630";
