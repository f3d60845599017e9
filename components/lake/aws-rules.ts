import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

export const awsLakeRules: CloudRule[] = [
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
];
