import { StackValidationPolicy } from "@pulumi/policy";
import { nodePools } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const gpuPoolScaleToZeroSpot: StackValidationPolicy = {
    name: "gpu-pool-scale-to-zero-spot",
    description:
        "In dev, GPU pools scale to zero when idle and use spot capacity, so an idle dev stack costs no GPUs. Fix: set minNodes 0 and spot true " +
        "on the pool in ai-data-platform:kubernetes.gpuPools. (Meant for dev: policy/config/prod.json disables it.)",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const pool of nodePools(new ResourceIndex(args.resources))) {
            if (!pool.gpu()) {
                continue;
            }
            const problems = [
                ...((pool.minNodes() ?? 0) > 0 ? [`keeps ${pool.minNodes()} node(s) when idle`] : []),
                ...(!pool.spot() ? ["uses on-demand capacity"] : []),
            ];
            if (problems.length) {
                report(`${describe(pool.resource)} ${problems.join(" and ")}.`, pool.resource.urn);
            }
        }
    },
};
