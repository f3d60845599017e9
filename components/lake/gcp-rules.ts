import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// Soft delete, the default immutability a versioned GCS bucket can have, keeps objects 7 to 90
// days (0 turns it off). https://cloud.google.com/storage/docs/soft-delete
const softDeleteMinDays = 7;
export const softDeleteMaxDays = 90;

export const gcpLakeRules: CloudRule[] = [
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
];
