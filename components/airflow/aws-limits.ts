import { postgresBackupRetentionCaps } from "../../policy/lib/platform-conventions";
import type { DatabaseTier } from "./contract";

// Amazon RDS for PostgreSQL facts the Airflow metadata database and the stack config rely on, each
// with its source. No SDK imports: the config rules load this file too.

/**
 * Instance class per tier: Graviton general purpose (2, 4 and 8 vCPUs; 8, 16 and 32 GiB), offered
 * for PostgreSQL with Multi-AZ in every commercial region.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html
 */
export const rdsInstanceClass: Readonly<Record<DatabaseTier, string>> = {
    small: "db.m7g.large",
    medium: "db.m7g.xlarge",
    large: "db.m7g.2xlarge",
};

/** PostgreSQL major version; RDS picks the newest minor (Airflow 3 supports PostgreSQL 13-17). */
export const rdsEngineVersion = "17";

/**
 * Automated backups (and point-in-time recovery) are kept at most 35 days; the same bound holds for
 * their cross-Region replication.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html
 */
export const rdsMaxBackupRetentionDays = postgresBackupRetentionCaps.rds;

/** gp3 storage: 20 GiB is the minimum; autoscaling grows it up to the maximum. */
export const rdsStorageGiB = { allocated: 50, max: 500 } as const;
