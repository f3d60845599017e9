import { StackValidationPolicy } from "@pulumi/policy";
import { gpuTaintString } from "../lib/platform-conventions";
import { nodePools } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const gpuPoolTainted: StackValidationPolicy = {
    name: "gpu-pool-tainted",
    description:
        `Every GPU node pool carries the taint ${gpuTaintString}, so only workloads that ask for GPUs land on the expensive nodes. ` +
        "Fix: add the taint to the pool (the platform's GpuNodePools component does).",
    validateStack: (args, report) => {
        for (const pool of nodePools(new ResourceIndex(args.resources))) {
            if (pool.gpu() && !pool.taints().includes(gpuTaintString)) {
                report(`${describe(pool.resource)} has GPUs but not the taint ${gpuTaintString}.`, pool.resource.urn);
            }
        }
    },
};
