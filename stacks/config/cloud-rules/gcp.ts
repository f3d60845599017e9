import { ConfigError } from "../errors";
import type { CloudRule } from "./index";

// Soft delete, the default immutability a versioned GCS bucket can have, keeps objects 7 to 90
// days (0 turns it off). https://cloud.google.com/storage/docs/soft-delete
const softDeleteMinDays = 7;
export const softDeleteMaxDays = 90;
// The backup bucket's retention policy keeps each daily copy retentionDays; GCS takes a retention
// period "less than 3,155,760,000 seconds" (100 years of 365.25 days; @pulumi/gcp 9.37
// BucketRetentionPolicy.retentionPeriod, https://cloud.google.com/storage/docs/bucket-lock).
const retentionPolicyMaxDays = Math.ceil(3_155_760_000 / 86_400) - 1;

export const gcpRules: CloudRule[] = [
    (s, ns) => {
        const days = s.lake.lockDays;
        if (days !== 0 && (days < softDeleteMinDays || days > softDeleteMaxDays)) {
            throw new ConfigError(
                `${ns}:lake.lockDays`,
                days,
                `0 (off) or ${softDeleteMinDays} to ${softDeleteMaxDays} on gcp (the lake's immutability is Cloud Storage soft delete, which keeps objects ${softDeleteMinDays} to ${softDeleteMaxDays} days)`,
            );
        }
    },
    (s, ns) => {
        // A compliance-mode default lock (Bucket Lock, a locked retention policy) cannot be combined
        // with Object Versioning, and Object Retention Lock has no bucket default: on a versioned
        // bucket only soft delete remains, which a storage admin can shorten for later deletes.
        // https://cloud.google.com/storage/docs/bucket-lock · https://cloud.google.com/storage/docs/object-lock
        if (s.lake.lockMode === "compliance" && s.lake.lockDays > 0) {
            throw new ConfigError(
                `${ns}:lake.lockMode`,
                s.lake.lockMode,
                "governance on gcp (GCS has no default compliance lock for a versioned bucket: Bucket Lock excludes Object Versioning, so the lake uses soft delete, which an admin can shorten)",
            );
        }
    },
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
