// Versions the AWS cluster is built from, in one place: the config check refuses a Kubernetes
// version missing here, so the cluster and its autoscaler can never disagree.

/**
 * Kubernetes minor versions EKS creates clusters on (standard or extended support), each with the
 * Cluster Autoscaler release of the same minor, as the autoscaler's docs require ("we recommend using
 * the Cluster Autoscaler with the matching Kubernetes minor version").
 *
 * - EKS versions, checked 2026-12: 1.34, 1.35 and 1.36 in standard support
 *   (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html lists
 *   "Kubernetes 1.36 is now available in Amazon EKS"), 1.32 and 1.33 in extended support until
 *   2027-03-23 and 2027-07-29, 1.31's extended support ended 2026-11-26 (release calendar,
 *   https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). Add a version when
 *   EKS launches it, drop one when its extended support ends.
 * - Autoscaler images: the newest `cluster-autoscaler-1.x.y` tag of each minor in
 *   https://github.com/kubernetes/autoscaler/tags as of 2026-08 (1.32.7 of 2026-02-13; 1.33.6, 1.34.5,
 *   1.35.2 and 1.36.1 of 2026-07-22), served as registry.k8s.io/autoscaling/cluster-autoscaler:v1.x.y.
 */
export const eksVersions: Readonly<Record<string, { readonly clusterAutoscalerImage: string }>> = {
    "1.32": { clusterAutoscalerImage: "v1.32.7" },
    "1.33": { clusterAutoscalerImage: "v1.33.6" },
    "1.34": { clusterAutoscalerImage: "v1.34.5" },
    "1.35": { clusterAutoscalerImage: "v1.35.2" },
    "1.36": { clusterAutoscalerImage: "v1.36.1" },
};

/**
 * The Cluster Autoscaler chart (https://github.com/kubernetes/autoscaler/tree/master/charts/cluster-autoscaler):
 * 9.59.0 is tag `cluster-autoscaler-chart-9.59.0` (2026-07-21) and an entry of the repository's index,
 * https://kubernetes.github.io/autoscaler/index.yaml. Its appVersion is 1.35.0; the image tag is set
 * per cluster minor above, so the chart version does not follow the cluster.
 */
export const clusterAutoscalerChart = { repo: "https://kubernetes.github.io/autoscaler", chart: "cluster-autoscaler", version: "9.59.0" } as const;

/**
 * The NVIDIA device plugin chart (https://github.com/NVIDIA/k8s-device-plugin): 0.19.3 is tag v0.19.3
 * (2026-06-16) and an entry of https://nvidia.github.io/k8s-device-plugin/index.yaml; 0.20.0 exists
 * too, this stays on the patch release out for months. AWS's own page still shows 0.17.4 as its
 * example (https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-k8s-device-plugin.html); the chart
 * values used (affinity, tolerations, priorityClassName, gfd.enabled) exist in 0.19.3's values.yaml.
 */
export const nvidiaDevicePluginChart = { repo: "https://nvidia.github.io/k8s-device-plugin", chart: "nvidia-device-plugin", version: "0.19.3" } as const;
