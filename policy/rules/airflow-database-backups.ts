import { StackValidationPolicy } from "@pulumi/policy";
import { databases } from "../lib/airflow";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minBackupRetentionDays: number;
}

export const airflowDatabaseBackups: StackValidationPolicy = {
    name: "airflow-database-backups",
    description:
        "The metadata database keeps automated backups with point-in-time recovery at least minBackupRetentionDays (or the longest its " +
        "service allows: 35 days on RDS and Azure) and a copy restorable in another region. " +
        "Fix: RDS — backupRetentionPeriod and an InstanceAutomatedBackupsReplication in the backup region; Cloud SQL — " +
        "settings.backupConfiguration enabled, retainedBackups and location in another region; Azure flexible server — " +
        "backup.backupRetentionDays and geoRedundantBackup Enabled (at creation only). Or raise ai-data-platform:backup.retentionDays.",
    configSchema: {
        properties: {
            minBackupRetentionDays: { type: "integer", minimum: 1, default: 35, description: "Shortest retention accepted, in days." },
        },
    },
    validateStack: (args, report) => {
        const { minBackupRetentionDays } = args.getConfig<Config>();
        for (const db of databases(new ResourceIndex(args.resources))) {
            const required = Math.min(minBackupRetentionDays, db.maxRetentionDays);
            const days = db.backupRetentionDays();
            if (days === undefined) {
                report(`${describe(db.resource)} (${db.service}) has no automated backups.`, db.resource.urn);
            } else if (days < required) {
                report(`${describe(db.resource)} (${db.service}) keeps backups ${days} days (at least ${required} required).`, db.resource.urn);
            }
            if (!db.crossRegionCopy()) {
                report(`${describe(db.resource)} (${db.service}) has no backup copy in another region.`, db.resource.urn);
            }
        }
    },
};
