import * as pulumi from "@pulumi/pulumi";
import { GpuImplementation, GpuNodePoolsArgs, GpuPoolInfo, GpuPoolsRef } from "./contract";

export * from "./contract";

/**
 * GPU node pools that scale between min and max (from zero), tainted so only GPU workloads land on
 * them, labelled with the pool and the GPU model, with drivers and the device plugin in place.
 */
export class GpuNodePools extends pulumi.ComponentResource implements GpuPoolsRef {
    readonly pools: GpuPoolInfo[];
    /** What a GPU workload should wait for (node pools, provisioners, device plugin). */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: GpuNodePoolsArgs & { readonly implementation: GpuImplementation }, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:kubernetes:GpuNodePools", name, {}, opts);
        ({ pools: this.pools, ready: this.ready } = args.implementation.createGpuPools(this, args));
        this.registerOutputs({ pools: this.pools.map(({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot }) => ({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot })) });
    }
}
