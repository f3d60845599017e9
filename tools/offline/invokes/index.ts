import { awsInvokes } from "./aws";
import { awsKubernetesInvokes } from "./aws-kubernetes";
import { awsStreamInvokes } from "./aws-stream";
import { azureInvokes } from "./azure";
import { azureKubernetesInvokes } from "./azure-kubernetes";
import { azureStreamInvokes } from "./azure-stream";
import { Answer } from "./common";
import { gcpInvokes } from "./gcp";
import { gcpKubernetesInvokes } from "./gcp-kubernetes";
import { gcpStreamInvokes } from "./gcp-stream";

export { offlineAccount } from "./common";
export type { Answer, InvokeContext } from "./common";

export const invokes: Readonly<Record<string, Answer>> = {
    ...awsInvokes,
    ...awsKubernetesInvokes,
    ...awsStreamInvokes,
    ...gcpInvokes,
    ...gcpKubernetesInvokes,
    ...gcpStreamInvokes,
    ...azureInvokes,
    ...azureKubernetesInvokes,
    ...azureStreamInvokes,
};
