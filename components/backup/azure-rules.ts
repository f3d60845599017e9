import { azureRegionPairs, geoZoneRedundantRegions, keyVaultWithoutCrossRegionFailover } from "../shared/azure-limits";
import { profiles } from "../shared/profile";
import { maxVaultedBlobBackupDays, minVersionDaysForVaultedBackup } from "./azure-limits";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

export const azureBackupRules: CloudRule[] = [
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
