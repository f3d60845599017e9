import { GpuCatalog } from "./models";

// GPU machine types on Compute Engine / GKE: https://cloud.google.com/compute/docs/gpus
// T4s attach to N1 machines; L4, A100 and H100 come with accelerator-optimized G2, A2 and A3 types
// (https://cloud.google.com/compute/docs/accelerator-optimized-machines: g2-standard-24/48/96 carry
// 2/4/8 L4s, a2-highgpu-Ng and a2-ultragpu-Ng carry N A100s, a3-highgpu-8g eight H100s). The zones
// each accelerator is offered in are in ../gcp-limits.ts; GCP has no A10G and no L40S.
export const gcpGpus: GpuCatalog = {
    "nvidia-t4": {
        1: { machineType: "n1-standard-4", accelerator: "nvidia-tesla-t4" },
        2: { machineType: "n1-standard-8", accelerator: "nvidia-tesla-t4" },
        4: { machineType: "n1-standard-16", accelerator: "nvidia-tesla-t4" },
    },
    "nvidia-l4": {
        1: { machineType: "g2-standard-4", accelerator: "nvidia-l4" },
        2: { machineType: "g2-standard-24", accelerator: "nvidia-l4" },
        4: { machineType: "g2-standard-48", accelerator: "nvidia-l4" },
        8: { machineType: "g2-standard-96", accelerator: "nvidia-l4" },
    },
    "nvidia-a100-40gb": {
        1: { machineType: "a2-highgpu-1g", accelerator: "nvidia-tesla-a100" },
        2: { machineType: "a2-highgpu-2g", accelerator: "nvidia-tesla-a100" },
        4: { machineType: "a2-highgpu-4g", accelerator: "nvidia-tesla-a100" },
        8: { machineType: "a2-highgpu-8g", accelerator: "nvidia-tesla-a100" },
    },
    "nvidia-a100-80gb": {
        1: { machineType: "a2-ultragpu-1g", accelerator: "nvidia-a100-80gb" },
        2: { machineType: "a2-ultragpu-2g", accelerator: "nvidia-a100-80gb" },
        4: { machineType: "a2-ultragpu-4g", accelerator: "nvidia-a100-80gb" },
        8: { machineType: "a2-ultragpu-8g", accelerator: "nvidia-a100-80gb" },
    },
    "nvidia-h100-80gb": { 8: { machineType: "a3-highgpu-8g", accelerator: "nvidia-h100-80gb" } },
};
