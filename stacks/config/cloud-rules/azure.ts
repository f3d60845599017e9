import {
    azureRegionPairs,
    geoZoneRedundantRegions,
    keyVaultWithoutCrossRegionFailover,
    maxImmutabilityDays,
    maxVaultedBlobBackupDays,
    minVersionDaysForVaultedBackup,
} from "../../../components/shared/azure-limits";
import { profiles } from "../../../components/shared/profile";
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
        if (s.backup.retentionDays > maxVaultedBlobBackupDays) {
            throw new ConfigError(`${ns}:backup.retentionDays`, s.backup.retentionDays, `${maxVaultedBlobBackupDays} or fewer on azure (vaulted blob backups are kept at most 10 years)`);
        }
    },
    (s, ns) => {
        if (s.lake.noncurrentVersionDays < minVersionDaysForVaultedBackup) {
            throw new ConfigError(
                `${ns}:lake.noncurrentVersionDays`,
                s.lake.noncurrentVersionDays,
                `${minVersionDaysForVaultedBackup} or more on azure (the daily vaulted backup copies versions, which Microsoft asks to keep at least 7 days after a backup)`,
            );
        }
    },
    (s, ns) => {
        // The lake's copy in the backup region is its geo-redundant storage, which Azure keeps in the
        // region's pair, encrypted with the lake's key; Key Vault fails that key over to the pair too,
        // except in a few regions.
        const pair = azureRegionPairs[s.region];
        if (!pair || keyVaultWithoutCrossRegionFailover.includes(s.region)) {
            const paired = Object.keys(azureRegionPairs).filter((r) => !keyVaultWithoutCrossRegionFailover.includes(r));
            throw new ConfigError(
                `${ns}:region`,
                s.region,
                `on azure, a region with a region pair whose key vaults fail over to it (the lake's geo-redundant copy is kept in the pair, under the region's key): ${paired.join(", ")}`,
            );
        }
        if (s.backupRegion !== pair) {
            throw new ConfigError(`${ns}:backupRegion`, s.backupRegion, `${pair} on azure: the pair of ${s.region}, where geo-redundant storage keeps the lake's copy`);
        }
    },
    (s, ns) => {
        // Prod keeps the lake zone-redundant as well as geo-redundant (RA-GZRS), which only some regions offer.
        if (profiles[s.environment].zoneRedundantStorage && !geoZoneRedundantRegions.includes(s.region)) {
            throw new ConfigError(
                `${ns}:region`,
                s.region,
                `on azure in prod, a region with geo-zone-redundant storage (prod keeps the lake RA-GZRS): ${geoZoneRedundantRegions.join(", ")}`,
            );
        }
    },
];
