// Azure limits the platform's Azure implementation relies on, each with its source. No SDK imports:
// the stack config rules read them too, and must stay cheap to load.

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
