// Azure limits the platform's Azure implementation relies on, each with its source. No SDK imports:
// the stack config rules read them too, and must stay cheap to load.

// Region pairs are shared with the policy pack, which judges the lake's geo-redundant copy by them.
export { azureRegionPairs, geoRedundantStorageSkus } from "../../policy/lib/azure-regions";

/**
 * Blob and container soft delete keep deleted data 1 to 365 days.
 * https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview
 */
export const maxSoftDeleteDays = 365;

/**
 * Days a deleted or superseded blob, version or container stays recoverable in an account: as long as
 * the lake keeps superseded versions, within soft delete's cap. Versions that lifecycle management
 * expires are soft-deleted too, so nothing leaves the account sooner than this.
 * https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-policy-delete
 */
export function recoverableDays(noncurrentVersionDays: number): number {
    return Math.min(noncurrentVersionDays, maxSoftDeleteDays);
}

/**
 * A time-based immutability policy lasts 1 to 146,000 days (400 years).
 * https://learn.microsoft.com/azure/storage/blobs/immutable-storage-overview
 */
export const maxImmutabilityDays = 146_000;

/**
 * Regions where a standard general-purpose v2 account can be zone-redundant (Standard_ZRS), which
 * prod uses for the lake and its replica. Add a region here once Microsoft lists it.
 * https://learn.microsoft.com/azure/storage/common/redundancy-regions-zrs
 */
export const zoneRedundantRegions: readonly string[] = [
    "southafricanorth", "australiaeast", "centralindia", "eastasia", "japaneast", "koreacentral", "southeastasia",
    "francecentral", "germanywestcentral", "italynorth", "northeurope", "norwayeast", "polandcentral", "spaincentral",
    "swedencentral", "switzerlandnorth", "uksouth", "westeurope", "israelcentral", "qatarcentral", "uaenorth",
    "canadacentral", "centralus", "eastus", "eastus2", "mexicocentral", "southcentralus", "westus2", "westus3",
    "brazilsouth",
];

/**
 * Regions where a standard general-purpose v2 account can be geo-zone-redundant (GZRS, RA-GZRS), which
 * prod uses for the lake: zone-redundant in its region, with a readable copy in the paired region.
 * https://learn.microsoft.com/azure/storage/common/redundancy-regions-gzrs (list of 2024-02-12)
 */
export const geoZoneRedundantRegions: readonly string[] = [
    "southafricanorth", "australiaeast", "eastasia", "japaneast", "koreacentral", "southeastasia", "centralindia",
    "francecentral", "germanywestcentral", "northeurope", "norwayeast", "swedencentral", "switzerlandnorth", "uksouth",
    "westeurope", "uaenorth", "canadacentral", "centralus", "eastus", "eastus2", "southcentralus", "westus2", "westus3",
    "brazilsouth",
];

/**
 * Regions whose key vaults are not replicated to another region, so a regional outage leaves their keys
 * (and the geo copy of data encrypted with them) out of reach: Key Vault fails over to the paired region
 * everywhere else. https://learn.microsoft.com/azure/key-vault/general/disaster-recovery-guidance
 */
export const keyVaultWithoutCrossRegionFailover: readonly string[] = ["brazilsouth", "brazilsoutheast", "westus3"];

/**
 * Vaulted backups of blobs are kept at most 10 years: 3,650 daily recovery points.
 * https://learn.microsoft.com/azure/backup/blob-backup-configure-manage (vaulted backup, "a maximum of 10 years")
 * https://learn.microsoft.com/azure/backup/azure-data-lake-storage-backup-support-matrix#retention-limits
 */
export const maxVaultedBlobBackupDays = 3650;

/**
 * Vaulted blob backup copies every version through object replication; Microsoft recommends keeping
 * versions "for at least seven days after backup completion". With one backup a day, a version must
 * outlive its creation by that day plus the seven. https://learn.microsoft.com/azure/backup/blob-backup-faq
 */
export const minVersionDaysForVaultedBackup = 1 + 7;

/**
 * Soft delete of a Backup vault keeps deleted backup data 14 to 180 days; 14 is the default, and the
 * only span that costs nothing. https://learn.microsoft.com/azure/backup/backup-azure-enhanced-soft-delete-about
 */
export const backupVaultSoftDeleteDays = 14;
