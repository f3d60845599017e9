import { gcpBackup } from "../backup/gcp";
import { gcpGpu } from "../gpu/gcp";
import { gcpKeys } from "../keys/gcp";
import { gcpKubernetes } from "../kubernetes/gcp";
import { gcpLake } from "../lake/gcp";
import { gcpNetwork } from "../network/gcp";
import { gcpProviders } from "../providers/gcp";
import { gcpStreams } from "../stream/gcp";
import { gcpAirflow } from "../airflow/gcp";
import { CloudImplementations } from "./contract";

/** GCP's implementation of every capability; loading this module loads the GCP provider SDK. */
export const implementations: CloudImplementations = {
    providers: gcpProviders,
    keys: gcpKeys,
    lake: gcpLake,
    backup: gcpBackup,
    network: gcpNetwork,
    kubernetes: gcpKubernetes,
    gpu: gcpGpu,
    stream: gcpStreams,
    airflow: gcpAirflow,
};
