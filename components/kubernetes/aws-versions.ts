// Versions the AWS cluster is built from, in one place: the config check refuses a Kubernetes
// version missing here, so the cluster and its autoscaler can never disagree.

/**
 * Kubernetes minor versions EKS creates clusters on (standard or extended support), each with the
 * Cluster Autoscaler release of the same minor, as the autoscaler's docs require ("we recommend using
 * the Cluster Autoscaler with the matching Kubernetes minor version").
 *
 * - EKS versions, as of 2026-11: https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
 *   (1.31 leaves extended support on 2026-11-26: https://endoflife.date/amazon-eks); add a version when
 *   EKS launches it, drop one when its extended support ends.
 * - Autoscaler images: the newest `cluster-autoscaler-1.x.y` tag of each minor in
 *   https://github.com/kubernetes/autoscaler/tags, served as registry.k8s.io/autoscaling/cluster-autoscaler:v1.x.y.
 */
export const eksVersions: Readonly<Record<string, { readonly clusterAutoscalerImage: string }>> = {
    "1.32": { clusterAutoscalerImage: "v1.32.7" },
    "1.33": { clusterAutoscalerImage: "v1.33.6" },
    "1.34": { clusterAutoscalerImage: "v1.34.5" },
    "1.35": { clusterAutoscalerImage: "v1.35.2" },
    "1.36": { clusterAutoscalerImage: "v1.36.1" },
};

/** The Cluster Autoscaler chart (https://github.com/kubernetes/autoscaler/tree/master/charts/cluster-autoscaler). */
export const clusterAutoscalerChart = { repo: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.59.0" } as const;

/** The NVIDIA device plugin chart (https://github.com/NVIDIA/k8s-device-plugin, tag v0.19.3). */
export const nvidiaDevicePluginChart = { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.19.3" } as const;
