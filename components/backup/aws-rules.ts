import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

/**
 * AWS Backup keeps periodic (snapshot) backups of S3 "for your specified duration up to 99 years"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html): 99 × 365 days, the same
 * bound as a GCP vault's.
 */
export const awsBackupMaxRetentionDays = 99 * 365;

export const awsBackupRules: CloudRule[] = [
    (s, ns) => {
        // The daily backups and their copies in the backup region are kept retentionDays.
        if (s.backup.retentionDays > awsBackupMaxRetentionDays) {
            throw new ConfigError(
                `${ns}:backup.retentionDays`,
                s.backup.retentionDays,
                `at most ${awsBackupMaxRetentionDays} on aws (AWS Backup keeps S3 backups up to 99 years)`,
            );
        }
    },
];
