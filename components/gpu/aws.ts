import * as aws from "../shared/sdk/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterHandle } from "../kubernetes/contract";
import { infraOptions } from "../shared/options";
import { AwsClusterHandle } from "../kubernetes/aws";
import { managedNodeGroup } from "../kubernetes/aws-nodes";
import { nvidiaDevicePluginChart } from "../kubernetes/aws-limits";
import { awsGpuCount } from "./aws-limits";
import { gpuMachine } from "./catalog";
import { CreateGpuPools, GpuImplementation, GpuPoolInfo, GpuPoolSettings } from "./contract";
import { gpuLabelKeys, gpuNodeLabels, gpuResource, gpuTaint, gpuToleration } from "./labels";

/** The EKS-optimized Amazon Linux 2023 AMI with the NVIDIA driver and container toolkit. */
export const nvidiaAmiType = "AL2023_x86_64_NVIDIA";

/** Root volume of GPU nodes: CUDA and model-server images run to tens of GiB. */
export const gpuDiskGiB = 200;

/**
 * The label the Cluster Autoscaler uses on AWS to recognise GPU nodes, so it waits for the device
 * plugin to advertise their GPUs instead of adding more nodes meanwhile.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#special-note-on-gpu-instances
 */
export const acceleratorLabel = "k8s.amazonaws.com/accelerator";

/** Every label of a pool's nodes: the platform's two and the autoscaler's. */
export function awsGpuNodeLabels(pool: Pick<GpuPoolSettings, "name" | "gpu">): Record<string, string> {
    return { ...gpuNodeLabels(pool.name, pool.gpu), [acceleratorLabel]: pool.gpu };
}

/**
 * What the Cluster Autoscaler must know about an empty group to scale it from zero: its labels, its
 * taint and its GPUs, as tags on the group's Auto Scaling group (managed node group tags do not
 * reach it). https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#auto-discovery-setup
 */
export function nodeTemplateTags(pool: GpuPoolSettings, machineType: string): Record<string, string> {
    const prefix = "k8s.io/cluster-autoscaler/node-template";
    // What the node really has (a machineType may carry more GPUs than the pool asks for).
    const gpus = awsGpuCount(machineType) ?? pool.gpusPerNode;
    return {
        ...Object.fromEntries(Object.entries(awsGpuNodeLabels(pool)).map(([k, v]) => [`${prefix}/label/${k}`, v])),
        [`${prefix}/taint/${gpuTaint.key}`]: `${gpuTaint.value}:${gpuTaint.effect}`,
        [`${prefix}/resources/${gpuResource}`]: String(gpus),
    };
}

/**
 * One managed node group per pool on the NVIDIA AMI, tainted and labelled, spot or on-demand,
 * between minNodes and maxNodes; the cluster's Cluster Autoscaler scales it (from zero, with the
 * node-template tags); the NVIDIA device plugin advertises the GPUs as `nvidia.com/gpu`.
 *
 * Cluster Autoscaler rather than Karpenter: a managed node group keeps `minNodes` as a real floor
 * (Karpenter NodePools have none, so a warm prod pool would need placeholder pods), its spot/on-demand
 * choice, taint and labels are plain node-group settings the policy pack reads, and EKS keeps the
 * node lifecycle (AMI updates, drains). Karpenter would pick among instance types faster; one
 * machine type per pool is what the config asks for.
 */
export const createGpuPools: CreateGpuPools = (self, { ctx, cluster, pools }) => {
    const handle = clusterHandle<AwsClusterHandle>(cluster, "aws");
    if (!pools.length) {
        return { pools: [], ready: [] };
    }
    const { nodes } = handle;
    const provider = nodes.provider;
    const built = pools.map((pool) => {
        const machine = gpuMachine("aws", pool.gpu, pool.gpusPerNode, pool.machineType);
        const group = managedNodeGroup(self, nodes, `gpu-${pool.name}`, {
            instanceType: machine.machineType,
            amiType: nvidiaAmiType,
            spot: pool.spot,
            minNodes: pool.minNodes,
            maxNodes: pool.maxNodes,
            labels: awsGpuNodeLabels(pool),
            taints: [gpuTaint],
            diskGiB: gpuDiskGiB,
            subnetIds: offeredSubnets(self, handle, machine.machineType),
        });
        const asg = group.resources.apply((r) => {
            const name = r?.[0]?.autoscalingGroups?.[0]?.name;
            if (!name) {
                throw new Error(`node group gpu-${pool.name} reports no Auto Scaling group`);
            }
            return name;
        });
        const tags = Object.entries(nodeTemplateTags(pool, machine.machineType)).map(
            ([key, value]) =>
                new aws.autoscaling.Tag(
                    `gpu-${pool.name}-${key.split("/").slice(3).join("-").replace(/[^a-zA-Z0-9-]/g, "-")}`,
                    { autoscalingGroupName: asg, tag: { key, value, propagateAtLaunch: false } },
                    infraOptions(group, provider, ctx),
                ),
        );
        const info: GpuPoolInfo = { ...pool, machineType: machine.machineType, nodeLabels: awsGpuNodeLabels(pool), tolerations: [gpuToleration] };
        return { info, group, tags };
    });

    // https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-k8s-device-plugin.html: the AL2023
    // NVIDIA AMI carries the driver and toolkit; the device plugin advertises the GPUs. Without Node
    // Feature Discovery the chart's default affinity matches nothing, so it selects our GPU label.
    const devicePlugin = new k8s.helm.v3.Release(
        "nvidia-device-plugin",
        {
            name: "nvidia-device-plugin",
            chart: nvidiaDevicePluginChart.chart,
            version: nvidiaDevicePluginChart.version,
            repositoryOpts: { repo: nvidiaDevicePluginChart.repo },
            namespace: "kube-system",
            values: {
                affinity: {
                    nodeAffinity: {
                        requiredDuringSchedulingIgnoredDuringExecution: {
                            nodeSelectorTerms: [{ matchExpressions: [{ key: gpuLabelKeys.model, operator: "Exists" }] }],
                        },
                    },
                },
                tolerations: [{ ...gpuToleration }, { key: "CriticalAddonsOnly", operator: "Exists" }],
                priorityClassName: "system-node-critical",
                gfd: { enabled: false },
            },
        },
        infraOptions(self, cluster.provider, ctx, { dependsOn: [handle.systemNodes] }),
    );

    return {
        pools: built.map((b) => b.info),
        // A GPU workload needs its pool, the tags that let the autoscaler grow it from zero, the
        // autoscaler itself and the device plugin.
        ready: [...built.flatMap((b) => [b.group, ...b.tags]), devicePlugin, handle.autoscaler],
    };
};

/**
 * The private subnets in zones that offer the machine type: not every zone has every GPU type, and
 * a node group whose subnets include such a zone fails to launch there.
 */
function offeredSubnets(self: pulumi.Resource, handle: AwsClusterHandle, machineType: string): pulumi.Output<string[]> {
    const offered = aws.ec2.getInstanceTypeOfferingsOutput(
        { locationType: "availability-zone", filters: [{ name: "instance-type", values: [machineType] }] },
        { parent: self, provider: handle.nodes.provider },
    ).locations;
    return pulumi.all([handle.network.zones, pulumi.all(handle.nodes.subnetIds), offered]).apply(([zones, subnets, locations]) => {
        const ids = subnets.filter((_, i) => locations.includes(zones[i]));
        if (!ids.length) {
            throw new Error(`${machineType} is not offered in any zone of the network (${zones.join(", ")}); choose another gpu or machineType`);
        }
        return ids;
    });
}

export const awsGpu: GpuImplementation = { createGpuPools };
