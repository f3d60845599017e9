import { StackValidationPolicy } from "@pulumi/policy";
import { clusters } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const kubernetesAuditLogging: StackValidationPolicy = {
    name: "kubernetes-audit-logging",
    description:
        "The control plane's audit log is collected, so every API call can be traced. Fix: EKS — enabledClusterLogTypes with audit; " +
        "GKE — loggingConfig with APISERVER (Cloud Audit Logs record the rest); AKS — a diagnostic setting with kube-audit (or kube-audit-admin).",
    validateStack: (args, report) => {
        for (const cluster of clusters(new ResourceIndex(args.resources))) {
            if (!cluster.auditLogging()) {
                report(`${describe(cluster.resource)} does not collect the API server's audit log.`, cluster.resource.urn);
            }
        }
    },
};
