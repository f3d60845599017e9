import { StackValidationPolicy } from "@pulumi/policy";
import { databases } from "../lib/airflow";
import { describe, ResourceIndex } from "../lib/resource-index";

export const airflowDatabaseEncryptionCmk: StackValidationPolicy = {
    name: "airflow-database-encryption-cmk",
    description:
        "The metadata database (managed PostgreSQL) is encrypted with a customer-managed key. " +
        "Fix: RDS — storageEncrypted true and kmsKeyId the platform KMS key; Cloud SQL — encryptionKeyName the platform Cloud KMS key; " +
        "Azure flexible server — dataEncryption type AzureKeyVault with the platform Key Vault key (set at creation only).",
    validateStack: (args, report) => {
        for (const db of databases(new ResourceIndex(args.resources))) {
            if (!db.encryptionKey()) {
                report(`${describe(db.resource)} (${db.service}) is not encrypted with a customer-managed key.`, db.resource.urn);
            }
        }
    },
};
