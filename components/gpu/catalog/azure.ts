import { GpuCatalog } from "./models";

// GPU-accelerated VM sizes: https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated
// Azure offers no L4, L40S or A10G; its H100 NVL sizes (NCads H100 v5) carry 94 GB parts, not 80 GB.
export const azureGpus: GpuCatalog = {
    "nvidia-t4": { 1: { machineType: "Standard_NC4as_T4_v3" }, 4: { machineType: "Standard_NC64as_T4_v3" } },
    "nvidia-a100-40gb": { 8: { machineType: "Standard_ND96asr_v4" } },
    "nvidia-a100-80gb": {
        1: { machineType: "Standard_NC24ads_A100_v4" },
        2: { machineType: "Standard_NC48ads_A100_v4" },
        4: { machineType: "Standard_NC96ads_A100_v4" },
        8: { machineType: "Standard_ND96amsr_A100_v4" },
    },
    "nvidia-h100-80gb": { 8: { machineType: "Standard_ND96isr_H100_v5" } },
};
