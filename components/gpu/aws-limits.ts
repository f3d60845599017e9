// EC2 GPU instance facts the AWS config check and the GPU pools share. No SDK import here: the
// config check of every cloud loads this file.

/**
 * Whether an EC2 instance type has NVIDIA GPUs and x86_64 CPUs, as the AL2023 NVIDIA AMI needs:
 * G4dn, G5, G6, G6e, Gr6 and P3-P6 families, not G4ad (AMD GPUs) nor G5g (Graviton).
 * https://aws.amazon.com/ec2/instance-types/#Accelerated_Computing
 */
export function nvidiaX86InstanceType(machineType: string): boolean {
    const family = machineType.split(".")[0];
    return /^(g4dn|g5|g6|g6e|g6f|gr6|gr6f|p3|p3dn|p4d|p4de|p5|p5e|p5en|p6-[a-z0-9]+)$/.test(family);
}

/** GPUs per instance of the NVIDIA types whose count is known here (sizes from the EC2 type pages). */
export function awsGpuCount(machineType: string): number | undefined {
    const [family, size] = machineType.split(".");
    const byFamily: Record<string, Record<string, number>> = {
        g4dn: { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, metal: 8 },
        g5: { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 },
        g6: { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 },
        g6e: { xlarge: 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4, "24xlarge": 4, "48xlarge": 8 },
        gr6: { "4xlarge": 1, "8xlarge": 1 },
        p3: { "2xlarge": 1, "8xlarge": 4, "16xlarge": 8 },
        p3dn: { "24xlarge": 8 },
        p4d: { "24xlarge": 8 },
        p4de: { "24xlarge": 8 },
        p5: { "4xlarge": 1, "48xlarge": 8 },
        p5e: { "48xlarge": 8 },
        p5en: { "48xlarge": 8 },
    };
    return byFamily[family]?.[size];
}
