import { ResourceValidationPolicy } from "@pulumi/policy";
import { backupPlanReaders } from "../lib/adapters";

interface Config {
    minBackupRetentionDays: number;
}

export const backupRetention: ResourceValidationPolicy = {
    name: "backup-retention",
    description:
        "Scheduled backups, and their copies in the backup region, are kept at least minBackupRetentionDays " +
        "(a kind of backup the cloud caps lower, such as AWS continuous backups at 35 days, must reach that cap). " +
        "On GCP, whose Backup and DR has no Cloud Storage workload, a bucket labelled ai-data-platform-role: backup holds the daily copies " +
        "and its retention policy (Bucket Lock) counts. " +
        "Fix: raise ai-data-platform:backup.retentionDays, or the rule's retention (AWS Backup lifecycle.deleteAfter, " +
        "GCP backup bucket retentionPolicy, Azure Backup policy AzureRetentionRule deleteAfter duration; feature stores: ElastiCache " +
        "snapshotRetentionLimit, capped at 35, and Memorystore automatedBackupConfig.retention).",
    configSchema: {
        properties: {
            minBackupRetentionDays: { type: "integer", minimum: 1, default: 35, description: "Shortest retention accepted, in days." },
        },
    },
    validateResource: (args, report) => {
        const read = backupPlanReaders[args.type];
        if (!read) {
            return;
        }
        const { minBackupRetentionDays } = args.getConfig<Config>();
        for (const rule of read(args.props)) {
            const required = Math.min(minBackupRetentionDays, rule.maxRetentionDays ?? Infinity);
            if (rule.retentionDays !== undefined && rule.retentionDays < required) {
                report(`${args.type} "${args.name}": ${rule.name} keeps backups ${rule.retentionDays} days (at least ${required} required).`);
            }
        }
    },
};
