import { ConfigError } from "../errors";
import type { CloudRule } from "./index";

/**
 * AWS Backup keeps periodic (snapshot) backups of S3 "for your specified duration up to 99 years"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html): 99 × 365 days, the same
 * bound as a GCP vault's.
 */
export const awsBackupMaxRetentionDays = 99 * 365;

export const awsRules: CloudRule[] = [
    (s, ns) => {
        // S3 lifecycle rejects a transition to STANDARD_IA earlier than 30 days after creation.
        if (s.lake.coldAfterDays < 30) {
            throw new ConfigError(`${ns}:lake.coldAfterDays`, s.lake.coldAfterDays, "30 or more on aws (S3 moves objects to STANDARD_IA no earlier than 30 days)");
        }
    },
    (s, ns) => {
        // ...and a transition to an archive class less than 30 days after the STANDARD_IA one.
        if (s.lake.archiveAfterDays < s.lake.coldAfterDays + 30) {
            throw new ConfigError(
                `${ns}:lake.archiveAfterDays`,
                s.lake.archiveAfterDays,
                `${s.lake.coldAfterDays + 30} or more on aws (S3 needs 30 days between the STANDARD_IA and the archive transition; lake.coldAfterDays is ${s.lake.coldAfterDays})`,
            );
        }
    },
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
