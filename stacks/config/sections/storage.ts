import { z } from "zod";
import { BackupSettings } from "../../../components/backup/contract";
import { LakeSettings, lockModes } from "../../../components/lake/contract";
import { Environment } from "../../../components/shared/context";
import { profiles } from "../../../components/shared/profile";
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

const alertEmailAllowed = "one email address such as data-oncall@example.com, mailed when a backup or a copy to the backup region fails (leave the key out for alerts in the cloud's console only)";

/** Deliberately loose (local@domain.tld, no spaces): each cloud verifies the address by mailing it. */
const alertEmail = () => z.string({ error: alertEmailAllowed }).regex(/^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/, { error: alertEmailAllowed });

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
        backup: section({ retentionDays: wholeDays(1).default(b.retentionDays), alertEmail: alertEmail().optional() }),
    };
}

export function checkStorage(s: { lake: LakeSettings }, ns: string): void {
    const lake = s.lake;
    if (lake.archiveAfterDays <= lake.coldAfterDays) {
        throw new ConfigError(`${ns}:lake.archiveAfterDays`, lake.archiveAfterDays, `more days than lake.coldAfterDays (${lake.coldAfterDays}): objects reach the archive class after the cold one`);
    }
    if (lake.noncurrentVersionDays < lake.lockDays) {
        throw new ConfigError(`${ns}:lake.noncurrentVersionDays`, lake.noncurrentVersionDays, `${lake.lockDays} or more (lake.lockDays): a locked version cannot expire before its lock does`);
    }
}

/**
 * In prod the lake's versions stay locked as long as the backups are kept, or as long as the cloud
 * can lock them (`maxLockDays`): the versions are the recovery points between two backups, and a
 * shorter lock leaves a window in which one can be deleted that the backups promise to keep. Runs
 * after the cloud's own rules, so a lock the cloud cannot keep is named by them first.
 */
export function checkProdLock(s: { environment: Environment; lake: LakeSettings; backup: BackupSettings }, ns: string, cloud: { name: string; maxLockDays: number }): void {
    const required = Math.min(s.backup.retentionDays, cloud.maxLockDays);
    if (profiles[s.environment].lakeLockCoversBackups && s.lake.lockDays < required) {
        const capped = required < s.backup.retentionDays ? `, capped at the ${cloud.maxLockDays} days ${cloud.name} can lock` : "";
        throw new ConfigError(
            `${ns}:lake.lockDays`,
            s.lake.lockDays,
            `${required} or more in prod (backup.retentionDays${capped}): versions must stay locked as long as backups are kept`,
        );
    }
}
