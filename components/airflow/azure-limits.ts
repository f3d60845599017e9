import { postgresBackupRetentionCaps } from "../../policy/lib/platform-conventions";
import type { DatabaseTier } from "./contract";

// Azure Database for PostgreSQL flexible server facts the Airflow metadata database and the stack
// config rules rely on, each with its source. No SDK imports: the config rules load this file too.

/**
 * SKU per tier: General Purpose Ddsv5 (2, 4 and 8 vCores). Zone-redundant high availability is not
 * offered on the Burstable tier, so no tier maps there.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-compute
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-high-availability
 */
export const flexibleServerSku: Readonly<Record<DatabaseTier, { readonly name: string; readonly tier: "GeneralPurpose" }>> = {
    small: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
    medium: { name: "Standard_D4ds_v5", tier: "GeneralPurpose" },
    large: { name: "Standard_D8ds_v5", tier: "GeneralPurpose" },
};

export const flexibleServerVersion = "17";

/**
 * Backups (and point-in-time recovery) are kept 7 to 35 days.
 * https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore#backup-retention
 */
export const flexibleServerBackupDays = { min: 7, max: postgresBackupRetentionCaps.azureFlexibleServer } as const;

export const flexibleServerStorageGiB = 128;
