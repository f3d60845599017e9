// Each cloud's feature-store limits, by cloud, for the stack config. No SDK imports.
import type { Cloud } from "../shared/context";
import { awsFeatureStoreLimits } from "./aws-limits";
import { azureFeatureStoreLimits } from "./azure-limits";
import type { FeatureStoreSettings, Persistence } from "./contract";
import { persistenceModes } from "./contract";
import { gcpFeatureStoreLimits } from "./gcp-limits";
import type { FeatureStoreLimits } from "./limits";

export const featureStoreLimits: Readonly<Record<Cloud, FeatureStoreLimits>> = {
    aws: awsFeatureStoreLimits,
    gcp: gcpFeatureStoreLimits,
    azure: azureFeatureStoreLimits,
};

/**
 * The strongest persistence a cloud allows together with the rest of the settings (aof, then rdb, then
 * none): prod's default, so a cloud swap keeps the best that cloud can do without a config edit.
 */
export function strongestPersistence(cloud: Cloud, settings: Omit<FeatureStoreSettings, "persistence">): Persistence {
    return persistenceModes.find((persistence) => featureStoreLimits[cloud]({ featureStore: { ...settings, persistence } }) === undefined) ?? "none";
}
