import { Cloud } from "../../shared/context";
import { awsGpus } from "./aws";
import { azureGpus } from "./azure";
import { gcpGpus } from "./gcp";
import { GpuCatalog, GpuMachine, GpuModel, gpuModels } from "./models";

export { gpuModels, GpuMachine, GpuModel } from "./models";

/** One table: a GPU model means the same part on every cloud that offers it, so a cloud swap keeps the model. */
export const gpuCatalog: Readonly<Record<Cloud, GpuCatalog>> = { aws: awsGpus, gcp: gcpGpus, azure: azureGpus };

export function modelsOffered(cloud: Cloud): GpuModel[] {
    return gpuModels.filter((m) => gpuCatalog[cloud][m]);
}

export function countsOffered(cloud: Cloud, model: GpuModel): number[] {
    return Object.keys(gpuCatalog[cloud][model] ?? {}).map(Number).sort((a, b) => a - b);
}

/** The machine for a pool: the user's own machineType when given, else the table's. */
export function gpuMachine(cloud: Cloud, model: GpuModel, gpusPerNode: number, machineType?: string): GpuMachine {
    const listed = gpuCatalog[cloud][model]?.[gpusPerNode];
    if (machineType) {
        return { ...listed, machineType };
    }
    if (!listed) {
        throw new Error(`${cloud} has no machine with ${gpusPerNode} × ${model}; the config check should have refused it`);
    }
    return listed;
}
