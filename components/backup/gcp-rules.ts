import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// The backup bucket's retention policy keeps each daily copy retentionDays; GCS takes a retention
// period "less than 3,155,760,000 seconds" (100 years of 365.25 days; @pulumi/gcp 9.37
// BucketRetentionPolicy.retentionPeriod, https://cloud.google.com/storage/docs/bucket-lock).
const retentionPolicyMaxDays = Math.ceil(3_155_760_000 / 86_400) - 1;

export const gcpBackupRules: CloudRule[] = [
    (s, ns) => {
        if (s.backup.retentionDays > retentionPolicyMaxDays) {
            throw new ConfigError(
                `${ns}:backup.retentionDays`,
                s.backup.retentionDays,
                `at most ${retentionPolicyMaxDays} on gcp (it is the backup bucket's retention period, which Cloud Storage caps below 100 years)`,
            );
        }
    },
];
