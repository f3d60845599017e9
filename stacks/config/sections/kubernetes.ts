import { z } from "zod";
import { countsOffered, gpuModels, modelsOffered } from "../../../components/gpu/catalog";
import { GpuPoolSettings } from "../../../components/gpu/contract";
import { InferenceSettings } from "../../../components/inference/contract";
import { KubernetesSettings } from "../../../components/kubernetes/contract";
import { AwsKubernetesSettings, awsKubernetesDefaults } from "../../../components/kubernetes/aws-settings";
import { Cloud, Environment } from "../../../components/shared/context";
import { ConfigError } from "../errors";
import { cidr, flag, objectOf, section, text, wholeNumber } from "./common";

export const kubernetesDefaults = (env: Environment): KubernetesSettings & AwsKubernetesSettings & { gpuPools: GpuPoolSettings[] } => ({
    // In standard (community) support on EKS, GKE's Regular channel and AKS as of 2026-11; older
    // minors are in paid extended/long-term support there (see each cloud's version table).
    version: "1.35",
    // Prod: private endpoint only. Dev: a public endpoint (still authenticated) so developers reach it without a VPN.
    apiAllowedCidrs: env === "prod" ? [] : ["0.0.0.0/0"],
    systemNodes: env === "prod" ? { minNodes: 3, maxNodes: 6 } : { minNodes: 1, maxNodes: 3 },
    // T4s exist on all three clouds, so the default pool survives a cloud swap.
    gpuPools: [{ name: "inference", gpu: "nvidia-t4", gpusPerNode: 1, minNodes: 0, maxNodes: env === "prod" ? 4 : 2, spot: env === "dev" }],
    ...awsKubernetesDefaults,
});

const poolName = () => {
    const allowed = "1-12 lowercase letters and digits, starting with a letter (AKS's rule for node pool names, the strictest of the three clouds)";
    return z.string({ error: allowed }).regex(/^[a-z][a-z0-9]{0,11}$/, { error: allowed });
};

const version = () => {
    const allowed = 'a Kubernetes minor version in quotes, such as "1.33" (unquoted, YAML reads 1.30 as the number 1.3)';
    return z.string({ error: allowed }).regex(/^1\.\d{2}$/, { error: allowed });
};

export function kubernetesShape(env: Environment) {
    const d = kubernetesDefaults(env);
    const pool = z.strictObject(
        {
            name: poolName(),
            gpu: z.enum(gpuModels, { error: gpuModels.join(" | ") }),
            gpusPerNode: wholeNumber(1, "GPUs").default(1),
            minNodes: wholeNumber(0, "nodes").default(0),
            maxNodes: wholeNumber(1, "nodes").default(2),
            spot: flag().default(env === "dev"),
            machineType: text("a machine type of the chosen cloud").optional(),
        },
        objectOf(["name", "gpu", "gpusPerNode", "minNodes", "maxNodes", "spot", "machineType"]),
    );
    return {
        kubernetes: section({
            version: version().default(d.version),
            apiAllowedCidrs: z.array(cidr("a client range"), { error: "a list of IPv4 CIDR blocks ([] = private endpoint only)" }).default([...d.apiAllowedCidrs]),
            systemNodes: section({
                minNodes: wholeNumber(1, "nodes").default(d.systemNodes.minNodes),
                maxNodes: wholeNumber(1, "nodes").default(d.systemNodes.maxNodes),
                machineType: text("a machine type of the chosen cloud").optional(),
            }),
            gpuPools: z.array(pool, { error: "a list of GPU pools ([] = none)" }).default(d.gpuPools),
            // AWS only (checked in components/kubernetes/aws-rules.ts; refused elsewhere in checkKubernetes).
            adminPrincipalArns: z.array(text("an IAM role or user ARN"), { error: "a list of IAM role or user ARNs ([] = none)" }).default([...d.adminPrincipalArns]),
            createAutoscalingServiceLinkedRole: flag().default(d.createAutoscalingServiceLinkedRole),
        }),
        inference: z
            .strictObject(
                {
                    image: text("the container image that serves the model"),
                    gpusPerReplica: wholeNumber(1, "GPUs").default(1),
                    minReplicas: wholeNumber(1, "replicas").default(env === "prod" ? 2 : 1),
                    maxReplicas: wholeNumber(1, "replicas").default(4),
                    port: z.int({ error: "a TCP port, 1-65535" }).min(1, { error: "a TCP port, 1-65535" }).max(65535, { error: "a TCP port, 1-65535" }).default(8080),
                    healthPath: z.string({ error: "an HTTP path starting with /" }).regex(/^\//, { error: "an HTTP path starting with /" }).default("/health"),
                    pool: poolName().optional(),
                    cpu: text('a Kubernetes CPU quantity such as "2" or "1500m"').default("2"),
                    memory: text('a Kubernetes memory quantity such as "8Gi"').default("8Gi"),
                },
                objectOf(["image", "gpusPerReplica", "minReplicas", "maxReplicas", "port", "healthPath", "pool", "cpu", "memory"]),
            )
            .optional(),
    };
}

interface KubernetesPart {
    cloud: Cloud;
    kubernetes: KubernetesSettings & AwsKubernetesSettings & { gpuPools: GpuPoolSettings[] };
    inference?: Omit<InferenceSettings, "pool"> & { pool?: string };
}

export function checkKubernetes(s: KubernetesPart, ns: string): void {
    const k = s.kubernetes;
    if (s.cloud !== "aws" && k.adminPrincipalArns.length) {
        throw new ConfigError(`${ns}:kubernetes.adminPrincipalArns`, k.adminPrincipalArns, `[] on ${s.cloud} (EKS access entries, an aws-only key)`);
    }
    if (s.cloud !== "aws" && k.createAutoscalingServiceLinkedRole) {
        throw new ConfigError(`${ns}:kubernetes.createAutoscalingServiceLinkedRole`, true, `false on ${s.cloud} (an aws-only key)`);
    }
    if (k.systemNodes.maxNodes < k.systemNodes.minNodes) {
        throw new ConfigError(`${ns}:kubernetes.systemNodes.maxNodes`, k.systemNodes.maxNodes, `${k.systemNodes.minNodes} or more (systemNodes.minNodes)`);
    }
    const seen = new Set<string>();
    k.gpuPools.forEach((pool, i) => {
        const key = `${ns}:kubernetes.gpuPools[${i}]`;
        if (seen.has(pool.name)) {
            throw new ConfigError(`${key}.name`, pool.name, `a name no other GPU pool has (taken: ${[...seen].join(", ")})`);
        }
        seen.add(pool.name);
        if (pool.maxNodes < pool.minNodes) {
            throw new ConfigError(`${key}.maxNodes`, pool.maxNodes, `${pool.minNodes} or more (the pool's minNodes)`);
        }
        const offered = modelsOffered(s.cloud);
        if (!offered.includes(pool.gpu)) {
            throw new ConfigError(`${key}.gpu`, pool.gpu, `a GPU ${s.cloud} offers: ${offered.join(", ")}`);
        }
        const counts = countsOffered(s.cloud, pool.gpu);
        if (!pool.machineType && !counts.includes(pool.gpusPerNode)) {
            throw new ConfigError(`${key}.gpusPerNode`, pool.gpusPerNode, `a count ${s.cloud} offers ${pool.gpu} in: ${counts.join(", ")} (or name a machineType)`);
        }
    });
    const inf = s.inference;
    if (!inf) {
        return;
    }
    if (!k.gpuPools.length) {
        throw new ConfigError(`${ns}:inference`, inf, "no inference section while kubernetes.gpuPools is empty: the service runs on a GPU pool");
    }
    const pool = k.gpuPools.find((p) => p.name === (inf.pool ?? k.gpuPools[0].name));
    if (!pool) {
        throw new ConfigError(`${ns}:inference.pool`, inf.pool, `one of the GPU pools: ${k.gpuPools.map((p) => p.name).join(", ")}`);
    }
    if (inf.gpusPerReplica > pool.gpusPerNode) {
        throw new ConfigError(`${ns}:inference.gpusPerReplica`, inf.gpusPerReplica, `at most ${pool.gpusPerNode}: a replica runs on one node of pool ${pool.name}, which has ${pool.gpusPerNode} GPU(s)`);
    }
    if (inf.maxReplicas < inf.minReplicas) {
        throw new ConfigError(`${ns}:inference.maxReplicas`, inf.maxReplicas, `${inf.minReplicas} or more (inference.minReplicas)`);
    }
    const capacity = Math.floor(pool.gpusPerNode / inf.gpusPerReplica) * pool.maxNodes;
    if (inf.minReplicas > capacity) {
        throw new ConfigError(`${ns}:inference.minReplicas`, inf.minReplicas, `at most ${capacity}: pool ${pool.name} holds ${capacity} replicas at its maxNodes (${pool.maxNodes})`);
    }
}
