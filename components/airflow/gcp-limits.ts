import { postgresBackupRetentionCaps } from "../../policy/lib/platform-conventions";
import type { DatabaseTier } from "./contract";

// Cloud SQL for PostgreSQL facts the Airflow metadata database relies on, each with its source.
// No SDK imports.

/**
 * Machine type per tier: Enterprise edition custom machines `db-custom-<vCPUs>-<memory MiB>`
 * (2, 4 and 8 vCPUs with 3.75 GiB each).
 * https://cloud.google.com/sql/docs/postgres/instance-settings#machine-type-2ndgen
 */
export const cloudSqlTier: Readonly<Record<DatabaseTier, string>> = {
    small: "db-custom-2-7680",
    medium: "db-custom-4-15360",
    large: "db-custom-8-30720",
};

export const cloudSqlEdition = "ENTERPRISE";
export const cloudSqlVersion = "POSTGRES_17";

/**
 * Point-in-time recovery replays write-ahead logs kept 1 to 7 days on Enterprise edition; automated
 * backups are kept by count, 1 to 365 (one a day).
 * https://cloud.google.com/sql/docs/postgres/backup-recovery/pitr#log-retention
 * https://cloud.google.com/sql/docs/postgres/backup-recovery/backups#retained-backups
 */
export const cloudSqlMaxLogRetentionDays = 7;
export const cloudSqlMaxRetainedBackups = postgresBackupRetentionCaps.cloudSql;

export const cloudSqlDiskGiB = 50;
