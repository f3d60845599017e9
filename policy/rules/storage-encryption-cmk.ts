import { StackValidationPolicy } from "@pulumi/policy";
import { dataStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const storageEncryptionCmk: StackValidationPolicy = {
    name: "storage-encryption-cmk",
    description:
        "Data at rest — buckets, storage accounts, backup vaults, event streams (MSK, Managed Kafka, Event Hubs namespaces) and feature stores " +
        "(ElastiCache, Memorystore, Azure Managed Redis) — is " +
        "encrypted with a customer-managed key, so access to it can be audited and revoked. " +
        "Fix: AWS — a BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and the platform KMS key, and kmsKeyArn on backup vaults; " +
        "GCP — encryption.defaultKmsKeyName on buckets (and the Cloud KMS key on backup vaults); " +
        "Azure — encryption.keySource Microsoft.Keyvault with the platform Key Vault key on storage accounts, backup vaults and Event Hubs " +
        "namespaces; MSK — encryptionAtRestKmsKeyArn; Managed Kafka — kmsKey; " +
        "ElastiCache — atRestEncryptionEnabled with kmsKeyId; Memorystore — kmsKey; Azure Managed Redis — encryption.customerManagedKeyEncryption.",
    validateStack: (args, report) => {
        for (const store of dataStores(new ResourceIndex(args.resources))) {
            if (!store.encryptionKey()) {
                report(`${describe(store.resource)} (${store.kind}) is encrypted with a cloud-managed key, not a customer-managed one.`, store.resource.urn);
            }
        }
    },
};
