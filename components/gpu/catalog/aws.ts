import { GpuCatalog } from "./models";

// EC2 accelerated-computing instances: https://aws.amazon.com/ec2/instance-types/#Accelerated_Computing
// (GPU counts per size: g4dn https://aws.amazon.com/ec2/instance-types/g4/, g5 .../g5/, g6 .../g6/,
// g6e .../g6e/, p4d/p4de .../p4/, p5 .../p5/ — p5.4xlarge is the single-H100 size, launched 2025-08).
// Every type here is x86_64 with NVIDIA GPUs, so the EKS AL2023 NVIDIA AMI fits all of them.
// p4d, p4de and p5 are scarce on demand: plan On-Demand Capacity Reservations or Capacity Blocks.
export const awsGpus: GpuCatalog = {
    "nvidia-t4": { 1: { machineType: "g4dn.xlarge" }, 4: { machineType: "g4dn.12xlarge" }, 8: { machineType: "g4dn.metal" } },
    "nvidia-a10g": { 1: { machineType: "g5.xlarge" }, 4: { machineType: "g5.12xlarge" }, 8: { machineType: "g5.48xlarge" } },
    "nvidia-l4": { 1: { machineType: "g6.xlarge" }, 4: { machineType: "g6.12xlarge" }, 8: { machineType: "g6.48xlarge" } },
    "nvidia-l40s": { 1: { machineType: "g6e.xlarge" }, 4: { machineType: "g6e.12xlarge" }, 8: { machineType: "g6e.48xlarge" } },
    "nvidia-a100-40gb": { 8: { machineType: "p4d.24xlarge" } },
    "nvidia-a100-80gb": { 8: { machineType: "p4de.24xlarge" } },
    "nvidia-h100-80gb": { 1: { machineType: "p5.4xlarge" }, 8: { machineType: "p5.48xlarge" } },
};
