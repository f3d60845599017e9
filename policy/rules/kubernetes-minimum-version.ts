import { StackValidationPolicy } from "@pulumi/policy";
import { clusters } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minKubernetesVersion: string;
}

export const kubernetesMinimumVersion: StackValidationPolicy = {
    name: "kubernetes-minimum-version",
    description:
        "Clusters run a Kubernetes version still in the clouds' standard support. Fix: raise ai-data-platform:kubernetes.version to " +
        "minKubernetesVersion or later (upgrade one minor version at a time).",
    configSchema: {
        properties: {
            minKubernetesVersion: { type: "string", pattern: "^1\\.\\d{2}$", default: "1.34", description: "Oldest minor version accepted, such as 1.32." },
        },
    },
    validateStack: (args, report) => {
        const { minKubernetesVersion } = args.getConfig<Config>();
        const minor = (v: string) => Number(v.split(".")[1]);
        for (const cluster of clusters(new ResourceIndex(args.resources))) {
            const version = cluster.version();
            if (!version) {
                report(`${describe(cluster.resource)} does not pin a Kubernetes version (at least ${minKubernetesVersion} required).`, cluster.resource.urn);
            } else if (minor(version) < minor(minKubernetesVersion)) {
                report(`${describe(cluster.resource)} runs Kubernetes ${version} (at least ${minKubernetesVersion} required).`, cluster.resource.urn);
            }
        }
    },
};
