import { z } from "zod";
import { BackupSettings } from "../../components/backup";
import { LakeSettings, lockModes } from "../../components/lake";
import { clouds, environments, Environment } from "../../components/shared/context";

// The shape of the `ai-data-platform:*` config namespace. Every leaf carries the sentence a user
// sees when the value is wrong ("allowed: ..."), so messages stay next to the rule they explain.

const wholeDays = (min: number, what = "days") => {
    const allowed = `a whole number of ${what}, ${min} or more`;
    return z.int({ error: allowed }).min(min, { error: allowed });
};

/** Defaults per environment: prod's are the strict ones, dev's keep a dev stack cheap to tear down. */
export const defaults: Readonly<Record<Environment, { lake: LakeSettings; backup: BackupSettings }>> = {
    dev: {
        lake: { coldAfterDays: 30, archiveAfterDays: 90, noncurrentVersionDays: 30, lockDays: 0, lockMode: "governance" },
        backup: { retentionDays: 7 },
    },
    prod: {
        lake: { coldAfterDays: 30, archiveAfterDays: 90, noncurrentVersionDays: 365, lockDays: 30, lockMode: "governance" },
        backup: { retentionDays: 35 },
    },
};

const objectOf = (keys: string[]) => ({ error: `an object with the keys ${keys.join(", ")}` });

const lakeSchema = (d: LakeSettings) =>
    z
        .strictObject(
            {
                coldAfterDays: wholeDays(1).default(d.coldAfterDays),
                archiveAfterDays: wholeDays(1).default(d.archiveAfterDays),
                noncurrentVersionDays: wholeDays(1).default(d.noncurrentVersionDays),
                lockDays: wholeDays(0).default(d.lockDays),
                lockMode: z.enum(lockModes, { error: lockModes.join(" | ") }).default(d.lockMode),
            },
            objectOf(["coldAfterDays", "archiveAfterDays", "noncurrentVersionDays", "lockDays", "lockMode"]),
        )
        .prefault({});

const backupSchema = (d: BackupSettings) =>
    z.strictObject({ retentionDays: wholeDays(1).default(d.retentionDays) }, objectOf(["retentionDays"])).prefault({});

const text = (allowed: string) => z.string({ error: allowed }).min(1, { error: allowed });

/** Keys read before the rest, because the rest's defaults depend on them. */
export const headSchema = z.object({
    cloud: z.enum(clouds, { error: clouds.join(" | ") }),
    environment: z.enum(environments, { error: environments.join(" | ") }),
});

export function platformSchema(environment: Environment) {
    const d = defaults[environment];
    return z.strictObject({
        cloud: z.enum(clouds, { error: clouds.join(" | ") }),
        environment: z.enum(environments, { error: environments.join(" | ") }),
        region: text("the primary region, in the chosen cloud's own naming"),
        backupRegion: text("a second region of the chosen cloud, different from region"),
        lake: lakeSchema(d.lake),
        backup: backupSchema(d.backup),
    });
}

export type PlatformSettings = z.infer<ReturnType<typeof platformSchema>>;

/** Keys a user may set under `ai-data-platform:`, for the unknown-key message. */
export const knownKeys = Object.keys(platformSchema("dev").shape);
