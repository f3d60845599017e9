import { maxImmutabilityDays, maxSoftDeleteDays, recoverableDays, zoneRedundantRegions } from "../../../components/shared/azure-limits";
import { ConfigError } from "../errors";
import type { CloudRule } from "./index";

export const azureRules: CloudRule[] = [
    (s, ns) => {
        // Azure creates an account's default immutability policy Unlocked only; locking it is a separate,
        // irreversible action that no declared resource can take.
        // https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies
        if (s.lake.lockMode === "compliance") {
            throw new ConfigError(
                `${ns}:lake.lockMode`,
                s.lake.lockMode,
                "governance on azure (Azure creates a storage account's default immutability policy Unlocked only; locking it for compliance is a separate, irreversible step to take by hand once deployed)",
            );
        }
    },
    (s, ns) => {
        if (s.lake.lockDays > maxImmutabilityDays) {
            throw new ConfigError(`${ns}:lake.lockDays`, s.lake.lockDays, `${maxImmutabilityDays} or fewer on azure (the longest immutability period Azure Storage accepts)`);
        }
    },
    (s, ns) => {
        // Azure Backup cannot back up an object-replicated container, so on Azure the backups are the
        // versions and soft-deleted data each account keeps, for this many days.
        const kept = recoverableDays(s.lake.noncurrentVersionDays);
        if (s.backup.retentionDays > kept) {
            throw new ConfigError(
                `${ns}:backup.retentionDays`,
                s.backup.retentionDays,
                `${kept} or fewer on azure (backups there are each account's versions and soft-deleted data, kept lake.noncurrentVersionDays (${s.lake.noncurrentVersionDays}) days and at most ${maxSoftDeleteDays}; raise lake.noncurrentVersionDays to keep them longer)`,
            );
        }
    },
    (s, ns) => {
        // Prod keeps the lake and its replica zone-redundant, which only some regions offer.
        if (s.environment !== "prod") {
            return;
        }
        for (const key of ["region", "backupRegion"] as const) {
            if (!zoneRedundantRegions.includes(s[key])) {
                throw new ConfigError(
                    `${ns}:${key}`,
                    s[key],
                    `on azure in prod, a region with zone-redundant storage (prod keeps the lake and its replica Standard_ZRS): ${zoneRedundantRegions.join(", ")}`,
                );
            }
        }
    },
];
