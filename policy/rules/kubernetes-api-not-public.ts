import { StackValidationPolicy } from "@pulumi/policy";
import { clusters } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const kubernetesApiNotPublic: StackValidationPolicy = {
    name: "kubernetes-api-not-public",
    description:
        "The cluster's API endpoint is not open to the whole internet (GKE's DNS-based endpoint, which IAM gates before any request " +
        "reaches the API server, counts only if it also takes Kubernetes client certificates or tokens). Fix: list your clients' ranges in " +
        "ai-data-platform:kubernetes.apiAllowedCidrs, or [] for a private endpoint only (EKS publicAccessCidrs, GKE master " +
        "authorized networks and enableK8sCertsViaDns / enableK8sTokensViaDns false, AKS authorized IP ranges).",
    validateStack: (args, report) => {
        for (const cluster of clusters(new ResourceIndex(args.resources))) {
            const open = cluster.publicApiCidrs().filter((c) => c.endsWith("/0"));
            if (open.length) {
                report(`${describe(cluster.resource)}: the API endpoint accepts ${open.join(", ")}.`, cluster.resource.urn);
            }
        }
    },
};
