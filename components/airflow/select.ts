import { Cloud } from "../shared/context";
import { forCloud } from "../shared/cloud";
import { AirflowImplementation } from "./contract";

/**
 * The chosen cloud's Airflow implementation, loaded lazily so only that cloud's SDK is. Interim:
 * the platform's cloud registry replaces this file when it lands.
 */
export function airflowImplementation(cloud: Cloud): AirflowImplementation {
    return forCloud<AirflowImplementation>(cloud, {
        aws: () => (require("./aws") as typeof import("./aws")).awsAirflow,
        gcp: () => (require("./gcp") as typeof import("./gcp")).gcpAirflow,
        azure: () => (require("./azure") as typeof import("./azure")).azureAirflow,
    });
}
