import * as containerservice from "@pulumi/azure-native/containerservice";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AzureClusterHandle } from "../kubernetes/azure";
import { aksSpotTaint } from "../kubernetes/azure-limits";
import { PlatformContext } from "../shared/context";
import { clusterHandle } from "../kubernetes/contract";
import { infraOptions } from "../shared/options";
import { gpuMachine } from "./catalog";
import { gpuLabelKeys, gpuNodeLabels, gpuTaint, gpuTaintString, gpuToleration, Toleration } from "./labels";
import { CreateGpuPools, GpuImplementation, GpuPoolInfo } from "./contract";

/**
 * The NVIDIA device plugin AKS leaves to its users: AKS installs the GPU driver on GPU nodes but not the
 * plugin that advertises `nvidia.com/gpu` to the kubelet (AKS-managed GPU pools, which would, are in
 * preview and cannot autoscale). https://learn.microsoft.com/azure/aks/use-nvidia-gpu#nvidia-device-plugin-installation
 * https://learn.microsoft.com/azure/aks/aks-managed-gpu-nodes#limitations
 * Pinned to 0.19.3 (tagged 2026-06-16), the last patch of the 0.19 line, rather than 0.20.0 (tagged
 * 2026-08-19), the newest minor: NVIDIA's release list and its Helm repository's index both list it
 * (https://nvidia.github.io/k8s-device-plugin/index.yaml: nvidia-device-plugin-0.19.3.tgz).
 * https://github.com/NVIDIA/k8s-device-plugin/releases/tag/v0.19.3
 */
export const devicePluginChart = {
    chart: "nvidia-device-plugin",
    version: "0.19.3",
    repo: "https://nvidia.github.io/k8s-device-plugin",
    namespace: "nvidia-device-plugin",
} as const;

/**
 * One AKS user pool per configured GPU pool: the GPU table's VM size (or the override), the platform's
 * GPU taint and labels, the GPU driver installed by AKS, spot or regular capacity, autoscaling from
 * minNodes (0 allowed on user pools) to maxNodes across the network's zones, and host encryption. The
 * cluster autoscaler on AKS learns a pool's labels, taints and GPU count from the pool itself, so a
 * pending GPU pod brings the first node up. https://learn.microsoft.com/azure/aks/cluster-autoscaler
 */
export const createGpuPools: CreateGpuPools = (self, { ctx, cluster, pools }) => {
    const aks = clusterHandle<AzureClusterHandle>(cluster, "azure");
    const tags = { ...ctx.tags };
    const built: { info: GpuPoolInfo; pool: containerservice.AgentPool }[] = [];
    for (const settings of pools) {
        const machine = gpuMachine("azure", settings.gpu, settings.gpusPerNode, settings.machineType);
        const nodeLabels = gpuNodeLabels(settings.name, settings.gpu);
        const previous = built[built.length - 1]?.pool;
        const pool = new containerservice.AgentPool(
            settings.name,
            {
                resourceGroupName: aks.resourceGroupName,
                resourceName: aks.clusterName,
                agentPoolName: settings.name,
                mode: "User",
                type: "VirtualMachineScaleSets",
                osType: "Linux",
                // Ubuntu gets automatic security patches on GPU nodes; Azure Linux GPU pools do not.
                // https://learn.microsoft.com/azure/aks/use-nvidia-gpu#limitations
                osSKU: "Ubuntu",
                vmSize: machine.machineType,
                orchestratorVersion: aks.version,
                availabilityZones: aks.zones,
                vnetSubnetID: aks.nodeSubnetId,
                enableAutoScaling: true,
                minCount: settings.minNodes,
                maxCount: settings.maxNodes,
                count: settings.minNodes,
                nodeTaints: [gpuTaintString],
                nodeLabels,
                gpuProfile: { driver: "Install" },
                enableEncryptionAtHost: true,
                // Evicted spot nodes are deleted, not deallocated, so the autoscaler can bring new ones up
                // (and no stopped VM counts against quota); -1 pays up to the on-demand price.
                // https://learn.microsoft.com/azure/aks/spot-node-pool
                ...(settings.spot ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : { scaleSetPriority: "Regular" }),
                tags,
            },
            // Not data-bearing: a cloud swap should delete the pools.
            infraOptions(self, aks.provider, ctx, {
                // The autoscaler owns the node count once the pool exists.
                ignoreChanges: ["count"],
                // AKS takes one agent pool operation on a cluster at a time.
                ...(previous ? { dependsOn: [previous] } : {}),
            }),
        );
        // AKS taints every spot node; a workload must tolerate that as well as the GPU taint.
        const tolerations: Toleration[] = [gpuToleration, ...(settings.spot ? [{ ...aksSpotTaint, operator: "Equal" as const }] : [])];
        built.push({ info: { ...settings, machineType: machine.machineType, nodeLabels, tolerations }, pool });
    }
    const ready: pulumi.Resource[] = built.map((b) => b.pool);
    if (built.length) {
        ready.push(devicePlugin(self, cluster.provider, ctx));
    }
    return { pools: built.map((b) => b.info), ready };
};

/** The device plugin DaemonSet, on the platform's GPU nodes only (spot ones included). */
function devicePlugin(self: pulumi.Resource, provider: k8s.Provider, ctx: Pick<PlatformContext, "retainData">): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        devicePluginChart.chart,
        {
            name: devicePluginChart.chart,
            chart: devicePluginChart.chart,
            version: devicePluginChart.version,
            repositoryOpts: { repo: devicePluginChart.repo },
            namespace: devicePluginChart.namespace,
            createNamespace: true,
            values: devicePluginValues(),
        },
        infraOptions(self, provider, ctx),
    );
}

/**
 * The chart's default affinity looks for labels Node Feature Discovery sets, which AKS does not run:
 * select the platform's GPU pool label instead. Tolerate the GPU taint and the taint AKS puts on spot
 * nodes. https://github.com/NVIDIA/k8s-device-plugin/blob/v0.19.3/deployments/helm/nvidia-device-plugin/values.yaml
 */
export function devicePluginValues(): Record<string, unknown> {
    return {
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: gpuLabelKeys.pool, operator: "Exists" }] }],
                },
            },
        },
        tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: gpuTaint.key, operator: "Exists", effect: gpuTaint.effect },
            { key: aksSpotTaint.key, operator: "Equal", value: aksSpotTaint.value, effect: aksSpotTaint.effect },
        ],
    };
}

export const azureGpu: GpuImplementation = { createGpuPools };
