import * as pulumi from "@pulumi/pulumi";
import { ClusterRef } from "../kubernetes/contract";
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
    readonly cluster: ClusterRef;
    readonly pools: readonly GpuPoolSettings[];
}

export type CreateGpuPools = (self: pulumi.ComponentResource, args: GpuNodePoolsArgs) => { pools: GpuPoolInfo[]; ready: pulumi.Resource[] };

/** The GPU pools as other capabilities receive them. */
export interface GpuPoolsRef {
    readonly pools: readonly GpuPoolInfo[];
    /** What a GPU workload should wait for (node pools, provisioners, device plugin). */
    readonly ready: readonly pulumi.Resource[];
}

/** What a cloud provides for this capability. */
export interface GpuImplementation {
    readonly createGpuPools: CreateGpuPools;
}
