import { forCloud } from "../shared/cloud";
import { Cloud } from "../shared/context";
import { FeatureStoreImplementation } from "./contract";

/**
 * The chosen cloud's feature store, loading only that cloud's module (and SDK). Stands in until the
 * platform's cloud registry selects every capability's implementation in one place.
 */
export function featureStoreImplementation(cloud: Cloud): FeatureStoreImplementation {
    return forCloud<FeatureStoreImplementation>(cloud, {
        aws: () => (require("./aws") as typeof import("./aws")).awsFeatureStore,
        gcp: () => (require("./gcp") as typeof import("./gcp")).gcpFeatureStore,
        azure: () => (require("./azure") as typeof import("./azure")).azureFeatureStore,
    });
}
