import { azureBackup } from "../backup/azure";
import { azureGpu } from "../gpu/azure";
import { azureKeys } from "../keys/azure";
import { azureKubernetes } from "../kubernetes/azure";
import { azureLake } from "../lake/azure";
import { azureNetwork } from "../network/azure";
import { azureProviders } from "../providers/azure";
import { azureStreams } from "../stream/azure";
import { azureAirflow } from "../airflow/azure";
import { CloudImplementations } from "./contract";

/** Azure's implementation of every capability; loading this module loads the Azure (azure-native) provider SDK. */
export const implementations: CloudImplementations = {
    providers: azureProviders,
    keys: azureKeys,
    lake: azureLake,
    backup: azureBackup,
    network: azureNetwork,
    kubernetes: azureKubernetes,
    gpu: azureGpu,
    stream: azureStreams,
    airflow: azureAirflow,
};
