import { z } from "zod";
import { BackupSettings } from "../../../components/backup";
import { LakeSettings, lockModes } from "../../../components/lake";
import { Environment } from "../../../components/shared/context";
import { ConfigError } from "../errors";
import { section, wholeDays } from "./common";

export const storageDefaults: Readonly<Record<Environment, { lake: LakeSettings; backup: BackupSettings }>> = {
    dev: {
        lake: { coldAfterDays: 30, archiveAfterDays: 90, noncurrentVersionDays: 30, lockDays: 0, lockMode: "governance" },
        backup: { retentionDays: 7 },
    },
    prod: {
        // Versions stay locked as long as backups are kept (35 days: AWS Backup's longest point-in-time window).
        lake: { coldAfterDays: 30, archiveAfterDays: 90, noncurrentVersionDays: 365, lockDays: 35, lockMode: "governance" },
        backup: { retentionDays: 35 },
    },
};

export function storageShape(env: Environment) {
    const { lake: d, backup: b } = storageDefaults[env];
    return {
        lake: section({
            coldAfterDays: wholeDays(1).default(d.coldAfterDays),
            archiveAfterDays: wholeDays(1).default(d.archiveAfterDays),
            noncurrentVersionDays: wholeDays(1).default(d.noncurrentVersionDays),
            lockDays: wholeDays(0).default(d.lockDays),
            lockMode: z.enum(lockModes, { error: lockModes.join(" | ") }).default(d.lockMode),
        }),
        backup: section({ retentionDays: wholeDays(1).default(b.retentionDays) }),
    };
}

export function checkStorage(s: { environment: Environment; lake: LakeSettings; backup: BackupSettings }, ns: string): void {
    const lake = s.lake;
    // In prod the lake's own versions are recovery points as much as the backups are (on Azure and GCP
    // they are the scheduled copy's source of truth for the days in between): a lock shorter than
    // the backups' retention leaves a window where a version can be deleted that backups promise to keep.
    if (s.environment === "prod" && lake.lockDays < s.backup.retentionDays) {
        throw new ConfigError(
            `${ns}:lake.lockDays`,
            lake.lockDays,
            `${s.backup.retentionDays} or more in prod (backup.retentionDays): versions must stay locked as long as backups are kept`,
        );
    }
    if (lake.archiveAfterDays <= lake.coldAfterDays) {
        throw new ConfigError(`${ns}:lake.archiveAfterDays`, lake.archiveAfterDays, `more days than lake.coldAfterDays (${lake.coldAfterDays}): objects reach the archive class after the cold one`);
    }
    if (lake.noncurrentVersionDays < lake.lockDays) {
        throw new ConfigError(`${ns}:lake.noncurrentVersionDays`, lake.noncurrentVersionDays, `${lake.lockDays} or more (lake.lockDays): a locked version cannot expire before its lock does`);
    }
}
