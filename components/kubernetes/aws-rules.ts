import * as ipaddr from "ipaddr.js";
import { awsGpuCount, nvidiaX86InstanceType } from "../gpu/aws-limits";
import { iamPrincipalArnPattern } from "./aws-settings";
import { eksVersions } from "./aws-limits";
import { prefixOf } from "../network/address-plan";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What EKS and the VPC accept, checked before anything is declared.

/** Private ranges a VPC's primary block can be in; a secondary block must stay in the same one (or in 100.64.0.0/10). */
const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const sharedRange = "100.64.0.0/10";

function within(cidr: string, range: string): boolean {
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const [base, rangePrefix] = ipaddr.IPv4.parseCIDR(range);
    return prefix >= rangePrefix && addr.match(base, rangePrefix);
}

export const awsKubernetesRules: CloudRule[] = [
    (s, ns) => {
        // The cluster's Kubernetes version, and the Cluster Autoscaler pinned to the same minor.
        const offered = Object.keys(eksVersions);
        if (!offered.includes(s.kubernetes.version)) {
            throw new ConfigError(`${ns}:kubernetes.version`, s.kubernetes.version, `a version EKS offers (and the platform pins a Cluster Autoscaler for) on aws: ${offered.join(", ")}`);
        }
    },
    (s, ns) => {
        // Cluster admins: one access entry per IAM role or user, and "An IAM principal can't be
        // included in more than one access entry" (https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
        const seen = new Set<string>();
        s.kubernetes.adminPrincipalArns.forEach((arn, i) => {
            const key = `${ns}:kubernetes.adminPrincipalArns[${i}]`;
            if (!iamPrincipalArnPattern.test(arn)) {
                throw new ConfigError(key, arn, "an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admins (EKS takes no STS assumed-role session ARN)");
            }
            if (seen.has(arn)) {
                throw new ConfigError(key, arn, "an ARN listed once (EKS takes one access entry per principal)");
            }
            seen.add(arn);
        });
    },
    (s, ns) => {
        // EKS: "Public endpoint access CIDR ranges per cluster: 40", not adjustable.
        // https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html
        if (s.kubernetes.apiAllowedCidrs.length > 40) {
            throw new ConfigError(`${ns}:kubernetes.apiAllowedCidrs`, s.kubernetes.apiAllowedCidrs.length, "at most 40 ranges on aws (the EKS limit for the public endpoint)");
        }
    },
    (s, ns) => {
        // The pod range is a secondary CIDR block of the VPC: /16 to /28, and in the RFC 1918 range of
        // network.cidr or in 100.64.0.0/10. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
        const { cidr, podCidr } = s.network;
        if (prefixOf(podCidr) < 16) {
            throw new ConfigError(`${ns}:network.podCidr`, podCidr, "a block from /16 to /20 on aws (it becomes a VPC CIDR block, /16 at most)");
        }
        const primary = privateRanges.find((r) => within(cidr, r));
        if (!within(podCidr, sharedRange) && !(primary && within(podCidr, primary))) {
            throw new ConfigError(`${ns}:network.podCidr`, podCidr, `a block in 100.64.0.0/10${primary ? ` or in ${primary} (the range of network.cidr)` : ""} on aws: a VPC accepts no second block from another private range`);
        }
    },
    (s, ns) => {
        // EKS service range: "Between /24 and /12". https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
        if (prefixOf(s.network.serviceCidr) < 12) {
            throw new ConfigError(`${ns}:network.serviceCidr`, s.network.serviceCidr, "a block from /12 to /20 on aws (EKS takes a service range of /12 to /24)");
        }
    },
    (s, ns) => {
        // GPU pools run the AL2023 NVIDIA AMI (x86_64). A pool promising more GPUs per node than its
        // machine has would never fit the pods the autoscaler starts nodes for; fewer is allowed
        // (the nodes simply have GPUs to spare, and the autoscaler is told the real count).
        s.kubernetes.gpuPools.forEach((pool, i) => {
            if (!pool.machineType) {
                return;
            }
            const key = `${ns}:kubernetes.gpuPools[${i}]`;
            if (!nvidiaX86InstanceType(pool.machineType)) {
                throw new ConfigError(`${key}.machineType`, pool.machineType, "an EC2 type with NVIDIA GPUs and x86_64 CPUs on aws (g4dn, g5, g6, g6e, gr6, p3, p4d, p4de, p5, p5e, p5en, p6 families)");
            }
            const gpus = awsGpuCount(pool.machineType);
            if (gpus !== undefined && pool.gpusPerNode > gpus) {
                throw new ConfigError(`${key}.gpusPerNode`, pool.gpusPerNode, `at most ${gpus}: ${pool.machineType} has ${gpus} GPU(s)`);
            }
        });
    },
];
