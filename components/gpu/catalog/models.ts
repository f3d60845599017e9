/** Cloud-neutral GPU models a pool can ask for; each cloud maps them to its machine types. */
export const gpuModels = [
    "nvidia-t4",
    "nvidia-a10g",
    "nvidia-l4",
    "nvidia-l40s",
    "nvidia-a100-40gb",
    "nvidia-a100-80gb",
    "nvidia-h100-80gb",
] as const;
export type GpuModel = (typeof gpuModels)[number];

/** The machine that carries `gpusPerNode` GPUs of a model, in one cloud's naming. */
export interface GpuMachine {
    readonly machineType: string;
    /** GCP only: the accelerator type GKE attaches (`nvidia-l4`, `nvidia-tesla-t4`, ...). */
    readonly accelerator?: string;
}

/** For each model a cloud offers: GPUs per node → machine. A model missing here is not offered. */
export type GpuCatalog = Readonly<Partial<Record<GpuModel, Readonly<Record<number, GpuMachine>>>>>;
