import { StackValidationPolicy } from "@pulumi/policy";
import { clusters } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const kubernetesSecretsEncryptionCmk: StackValidationPolicy = {
    name: "kubernetes-secrets-encryption-cmk",
    description:
        "Kubernetes secrets are encrypted in etcd with a customer-managed key. Fix: EKS — encryptionConfig for secrets with the platform KMS key; " +
        "GKE — databaseEncryption ENCRYPTED with a Cloud KMS key; AKS — Key Vault KMS (securityProfile.azureKeyVaultKms) with the platform key.",
    validateStack: (args, report) => {
        for (const cluster of clusters(new ResourceIndex(args.resources))) {
            if (!cluster.secretsEncryptionKey()) {
                report(`${describe(cluster.resource)} does not encrypt secrets with a customer-managed key.`, cluster.resource.urn);
            }
        }
    },
};
