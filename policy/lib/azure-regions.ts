// Azure region facts the policy pack and the program's config rules share. They live here, inside the
// pack, because `pulumi policy publish` packs policy/ alone; the program imports them from here.

/**
 * Each region's pair: where geo-redundant storage (GRS, GZRS and their read-access forms) keeps its
 * copy. Regions without a pair are absent. Three pairs are one-way: Brazil South to South Central US,
 * West India to South India, West US 3 to East US. From "Azure regions list" (ms.date 2025-09-23):
 * https://learn.microsoft.com/azure/reliability/regions-list
 * https://learn.microsoft.com/azure/storage/common/storage-redundancy#redundancy-in-a-secondary-region
 * Update this table when Microsoft pairs a new region.
 */
export const azureRegionPairs: Readonly<Record<string, string>> = {
    australiacentral: "australiacentral2",
    australiacentral2: "australiacentral",
    australiaeast: "australiasoutheast",
    australiasoutheast: "australiaeast",
    brazilsouth: "southcentralus",
    brazilsoutheast: "brazilsouth",
    canadacentral: "canadaeast",
    canadaeast: "canadacentral",
    centralindia: "southindia",
    centralus: "eastus2",
    eastasia: "southeastasia",
    eastus: "westus",
    eastus2: "centralus",
    francecentral: "francesouth",
    francesouth: "francecentral",
    germanynorth: "germanywestcentral",
    germanywestcentral: "germanynorth",
    japaneast: "japanwest",
    japanwest: "japaneast",
    koreacentral: "koreasouth",
    koreasouth: "koreacentral",
    northcentralus: "southcentralus",
    northeurope: "westeurope",
    norwayeast: "norwaywest",
    norwaywest: "norwayeast",
    southafricanorth: "southafricawest",
    southafricawest: "southafricanorth",
    southcentralus: "northcentralus",
    southindia: "centralindia",
    southeastasia: "eastasia",
    swedencentral: "swedensouth",
    switzerlandnorth: "switzerlandwest",
    switzerlandwest: "switzerlandnorth",
    uaecentral: "uaenorth",
    uaenorth: "uaecentral",
    uksouth: "ukwest",
    ukwest: "uksouth",
    westcentralus: "westus2",
    westeurope: "northeurope",
    westindia: "southindia",
    westus: "eastus",
    westus2: "westcentralus",
    westus3: "eastus",
};

/**
 * Storage account SKUs that keep a copy in the account's paired region (GRS, GZRS and their
 * read-access forms). https://learn.microsoft.com/azure/storage/common/storage-redundancy
 */
export const geoRedundantStorageSkus: readonly string[] = ["Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS"];
