import { awsBackup } from "../backup/aws";
import { awsGpu } from "../gpu/aws";
import { awsKeys } from "../keys/aws";
import { awsKubernetes } from "../kubernetes/aws";
import { awsLake } from "../lake/aws";
import { awsNetwork } from "../network/aws";
import { awsProviders } from "../providers/aws";
import { awsStreams } from "../stream/aws";
import { awsAirflow } from "../airflow/aws";
import { CloudImplementations } from "./contract";

/** AWS's implementation of every capability; loading this module loads the AWS provider SDK. */
export const implementations: CloudImplementations = {
    providers: awsProviders,
    keys: awsKeys,
    lake: awsLake,
    backup: awsBackup,
    network: awsNetwork,
    kubernetes: awsKubernetes,
    gpu: awsGpu,
    stream: awsStreams,
    airflow: awsAirflow,
};
