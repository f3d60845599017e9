// Azure region facts more than one capability relies on, each with its source; limits of one
// capability live in its own folder (components/<capability>/azure-limits.ts). No SDK imports: the
// stack config rules read them too, and must stay cheap to load.

// Region pairs are shared with the policy pack, which judges the lake's geo-redundant copy by them.
export { azureRegionPairs } from "../../policy/lib/azure-regions";

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
