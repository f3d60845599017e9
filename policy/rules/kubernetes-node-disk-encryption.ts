import { StackValidationPolicy } from "@pulumi/policy";
import { nodePools } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    requireCustomerManagedKey: boolean;
}

export const kubernetesNodeDiskEncryption: StackValidationPolicy = {
    name: "kubernetes-node-disk-encryption",
    description:
        "Node disks are encrypted at rest (with a customer-managed key when requireCustomerManagedKey is set). Fix: EKS — encrypted EBS volumes " +
        "in the node launch template or EC2NodeClass; GKE — bootDiskKmsKey; AKS — a disk encryption set on the node pools.",
    configSchema: {
        properties: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Refuse disks encrypted with a cloud-managed key." },
        },
    },
    validateStack: (args, report) => {
        const { requireCustomerManagedKey } = args.getConfig<Config>();
        for (const pool of nodePools(new ResourceIndex(args.resources))) {
            const encryption = pool.diskEncryption();
            if (encryption === "none") {
                report(`${describe(pool.resource)}: node disks are not encrypted.`, pool.resource.urn);
            } else if (requireCustomerManagedKey && encryption !== "customer-managed-key") {
                report(`${describe(pool.resource)}: node disks are encrypted with a cloud-managed key, not a customer-managed one.`, pool.resource.urn);
            }
        }
    },
};
