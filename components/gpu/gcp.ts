import * as gcp from "../shared/sdk/gcp";
import { GcpClusterHandle } from "../kubernetes/gcp";
import { clusterHandle } from "../kubernetes/contract";
import { initialNodesPerZone } from "../kubernetes/gcp-limits";
import { ExtraOptions, infraOptions } from "../shared/options";
import { gpuMachine } from "./catalog";
import { acceleratorZones, gcpAccelerator } from "./gcp-limits";
import { CreateGpuPools, GpuImplementation, GpuPoolInfo } from "./contract";
import { gpuNodeLabels, gpuTaint, gpuToleration } from "./labels";

/** GKE spells taint effects in the API's enum form. */
export const gkeTaintEffects: Readonly<Record<string, string>> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

/**
 * GKE installs the NVIDIA driver itself (`DEFAULT`: the version GKE pairs with the node's GKE
 * version; `LATEST` would move with every node image) and runs the NVIDIA device plugin on GPU
 * nodes, which advertises `nvidia.com/gpu`. No DaemonSet of our own is needed.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/gpus (gpu-driver-version DEFAULT | LATEST)
 */
export const gpuDriverVersion = "DEFAULT";

/** GPU node disks: room for CUDA images and model weights pulled to the node. */
export const gpuBootDiskGb = 200;

/**
 * One GKE node pool per configured GPU pool. Each carries:
 * - the table's machine type and accelerator (or the configured machine type, same accelerator);
 * - the shared GPU taint, set explicitly: GKE adds `nvidia.com/gpu=present:NoSchedule` by itself
 *   only when the cluster has a non-GPU pool at the time, and never retroactively
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus, quoted in
 *   https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/703,
 *   where removing the default pool left a GPU pool untainted), so it is not relied on;
 * - the shared pool and model labels, which the cluster autoscaler reads from the pool's template,
 *   so a pending pod selecting them scales the pool up from zero;
 * - totals min..max (GKE's total limits, not per zone), spot per config;
 * - only zones of the region that offer the accelerator (a zone without it fails the pool).
 */
export const createGpuPools: CreateGpuPools = (self, { ctx, cluster, pools }) => {
    const h = clusterHandle<GcpClusterHandle>(cluster, "gcp");
    // Not data-bearing: removed with the cluster on a cloud swap.
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, h.provider, ctx, extra);
    const built = pools.map((pool) => {
        const machine = gpuMachine("gcp", pool.gpu, pool.gpusPerNode, pool.machineType);
        const accelerator = machine.accelerator ?? gcpAccelerator(pool.gpu);
        const zones = accelerator ? acceleratorZones(accelerator, h.region) : [];
        if (!accelerator || zones.length === 0) {
            throw new Error(`gcp offers no ${pool.gpu} in ${h.region}; the config check should have refused pool ${pool.name}`);
        }
        const nodeLabels = gpuNodeLabels(pool.name, pool.gpu);
        const nodePool = new gcp.container.NodePool(
            `gpu-${pool.name}`,
            {
                project: h.project,
                cluster: h.cluster.name,
                location: h.location,
                nodeLocations: zones,
                initialNodeCount: initialNodesPerZone(pool.minNodes, zones.length),
                autoscaling: {
                    totalMinNodeCount: pool.minNodes,
                    totalMaxNodeCount: pool.maxNodes,
                    // ANY: unused reservations first and less preemption risk for Spot; BALANCED spreads
                    // on-demand nodes evenly over the zones (locationPolicy in the NodePool API reference,
                    // https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools).
                    locationPolicy: pool.spot ? "ANY" : "BALANCED",
                },
                management: { autoRepair: true, autoUpgrade: true },
                // Replace one node at a time without a surge node: upgrades need no spare GPU quota.
                upgradeSettings: { strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 },
                nodeConfig: {
                    ...h.nodeConfig,
                    machineType: machine.machineType,
                    diskSizeGb: gpuBootDiskGb,
                    spot: pool.spot,
                    guestAccelerators: [{ type: accelerator, count: pool.gpusPerNode, gpuDriverInstallationConfig: { gpuDriverVersion } }],
                    taints: [{ key: gpuTaint.key, value: gpuTaint.value, effect: gkeTaintEffects[gpuTaint.effect] }],
                    labels: nodeLabels,
                },
            },
            // After the system pool: GPU nodes never host the cluster's own components, and GKE sees a
            // non-GPU pool when it creates this one.
            infra({ dependsOn: [h.systemPool, ...h.nodePrerequisites], ignoreChanges: ["initialNodeCount"] }),
        );
        const info: GpuPoolInfo = { ...pool, machineType: machine.machineType, nodeLabels, tolerations: [gpuToleration] };
        return { info, nodePool };
    });
    return { pools: built.map((b) => b.info), ready: built.map((b) => b.nodePool) };
};

export const gcpGpu: GpuImplementation = { createGpuPools };
