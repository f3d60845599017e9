// How GPU nodes are marked, the same on every cloud, so workloads select and tolerate them without
// knowing the cloud: the taint keeps everything that did not ask for a GPU off these nodes.

/** The taint every GPU pool carries; a pod needs the matching toleration to land there. */
export const gpuTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

export const gpuTaintString = `${gpuTaint.key}=${gpuTaint.value}:${gpuTaint.effect}`;

/** The resource a pod requests to get GPUs (served by the NVIDIA device plugin or the cloud's own). */
export const gpuResource = "nvidia.com/gpu";

export const gpuLabelKeys = { pool: "ai-data-platform/gpu-pool", model: "ai-data-platform/gpu" } as const;

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
