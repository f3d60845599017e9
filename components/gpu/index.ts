import * as pulumi from "@pulumi/pulumi";
import { KubernetesCluster } from "../kubernetes";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";
import { GpuModel } from "./catalog";
import { Toleration } from "./labels";

export interface GpuPoolSettings {
    /** 1-12 lowercase letters and digits (the strictest of the clouds' pool-name rules). */
    readonly name: string;
    readonly gpu: GpuModel;
    readonly gpusPerNode: number;
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Spot / preemptible capacity. */
    readonly spot: boolean;
    /** Overrides the machine type the GPU table gives. */
    readonly machineType?: string;
}

/** A GPU pool as built: what a workload needs to land on it. */
export interface GpuPoolInfo extends GpuPoolSettings {
    readonly machineType: string;
    /** Labels every node of the pool carries (select on these). */
    readonly nodeLabels: Readonly<Record<string, string>>;
    /**
     * Everything a pod must tolerate to land on the pool: the GPU taint, plus whatever the cloud adds
     * on its own (AKS taints every spot node).
     */
    readonly tolerations: readonly Toleration[];
}

export interface GpuNodePoolsArgs {
    readonly ctx: PlatformContext;
    readonly cluster: KubernetesCluster;
    readonly pools: readonly GpuPoolSettings[];
}

export type CreateGpuPools = (self: pulumi.ComponentResource, args: GpuNodePoolsArgs) => { pools: GpuPoolInfo[]; ready: pulumi.Resource[] };

/**
 * GPU node pools that scale between min and max (from zero), tainted so only GPU workloads land on
 * them, labelled with the pool and the GPU model, with drivers and the device plugin in place.
 */
export class GpuNodePools extends pulumi.ComponentResource {
    readonly pools: GpuPoolInfo[];
    /** What a GPU workload should wait for (node pools, provisioners, device plugin). */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: GpuNodePoolsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:kubernetes:GpuNodePools", name, {}, opts);
        const create = forCloud<CreateGpuPools>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createGpuPools,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createGpuPools,
            azure: () => (require("./azure") as typeof import("./azure")).createGpuPools,
        });
        ({ pools: this.pools, ready: this.ready } = create(this, args));
        this.registerOutputs({ pools: this.pools.map(({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot }) => ({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot })) });
    }
}
