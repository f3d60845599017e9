// How GPU nodes are marked, the same on every cloud, so workloads select and tolerate them without
// knowing the cloud: the taint keeps everything that did not ask for a GPU off these nodes.

import { gpuLabelKeys, gpuTaint } from "../../policy/lib/platform-conventions";

// The taint and labels are shared with the policy pack, which checks them.
export { gpuLabelKeys, gpuTaint, gpuTaintString } from "../../policy/lib/platform-conventions";

/** The resource a pod requests to get GPUs (served by the NVIDIA device plugin or the cloud's own). */
export const gpuResource = "nvidia.com/gpu";

/** Labels on every node of a GPU pool. */
export function gpuNodeLabels(pool: string, model: string): Record<string, string> {
    return { [gpuLabelKeys.pool]: pool, [gpuLabelKeys.model]: model };
}

/** A Kubernetes toleration, as a pod spec takes it. */
export interface Toleration {
    readonly key: string;
    readonly operator: "Equal" | "Exists";
    readonly value?: string;
    readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** The toleration a GPU workload carries. */
export const gpuToleration: Toleration = { key: gpuTaint.key, operator: "Equal", value: gpuTaint.value, effect: gpuTaint.effect };
