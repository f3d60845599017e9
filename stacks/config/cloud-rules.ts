import { Cloud } from "../../components/shared/context";
import { ConfigError } from "./errors";
import { PlatformSettings } from "./schema";

type Rule = (s: PlatformSettings, ns: string) => void;

// What one cloud cannot do that the others can, checked before any resource is declared so a
// user learns it from the config line instead of from a failed `pulumi up` half-way through.
export const cloudRules: Readonly<Record<Cloud, readonly Rule[]>> = {
    aws: [
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
    ],
    gcp: [],
    azure: [],
};
