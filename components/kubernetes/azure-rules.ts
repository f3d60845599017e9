import {
    aksReservedRanges,
    aksVersions,
    aksWidestServicePrefix,
    isAksNvidiaGpuSize,
    maxAuthorizedIpRanges,
    noApiServerVnetIntegration,
    overlayNodeCapacity,
    overlayNodePodPrefix,
    systemPoolName,
    upgradeSurgeNodes,
} from "./azure-limits";
import { overlaps, prefixOf } from "../network/address-plan";
import { zoneRedundantRegions } from "../shared/azure-limits";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What AKS (and the Azure network under it) cannot do with a config the other clouds accept. Each rule
// throws one ConfigError naming the key, the value and what Azure allows; sources in azure-limits.ts.
export const azureKubernetesRules: CloudRule[] = [
    (s, ns) => {
        const version = s.kubernetes.version;
        if (!aksVersions[version]) {
            const offered = Object.entries(aksVersions).map(([v, e]) => `${v}${e.support === "lts" ? " (LTS, Premium tier)" : ""}`);
            throw new ConfigError(`${ns}:kubernetes.version`, version, `a minor version AKS offers: ${offered.join(", ")}`);
        }
    },
    (s, ns) => {
        // Node pools spread over availability zones, and the API server lives in the VNet; both need the region to offer them.
        if (!zoneRedundantRegions.includes(s.region) || noApiServerVnetIntegration.includes(s.region)) {
            const allowed = zoneRedundantRegions.filter((r) => !noApiServerVnetIntegration.includes(r));
            throw new ConfigError(`${ns}:region`, s.region, `on azure, a region with availability zones and AKS API Server VNet Integration: ${allowed.join(", ")}`);
        }
    },
    (s, ns) => {
        s.kubernetes.gpuPools.forEach((pool, i) => {
            if (pool.name === systemPoolName) {
                throw new ConfigError(`${ns}:kubernetes.gpuPools[${i}].name`, pool.name, `a name other than "${systemPoolName}" on azure (the AKS system pool's name)`);
            }
            if (pool.machineType && !isAksNvidiaGpuSize(pool.machineType)) {
                throw new ConfigError(
                    `${ns}:kubernetes.gpuPools[${i}].machineType`,
                    pool.machineType,
                    "an NVIDIA GPU size of the NC or ND families on azure, such as Standard_NC24ads_A100_v4 (AKS installs NVIDIA drivers on those only; NV sizes are AMD or vGPU, ND MI300X is AMD)",
                );
            }
        });
    },
    (s, ns) => {
        const { cidr, podCidr, serviceCidr } = s.network;
        for (const [key, value] of [["cidr", cidr], ["podCidr", podCidr], ["serviceCidr", serviceCidr]] as const) {
            const reserved = aksReservedRanges.find((r) => overlaps(r, value));
            if (reserved) {
                throw new ConfigError(`${ns}:network.${key}`, value, `on azure, a block clear of AKS's reserved ranges (${aksReservedRanges.join(", ")}); ${value} overlaps ${reserved}`);
            }
        }
        if (prefixOf(serviceCidr) < aksWidestServicePrefix) {
            throw new ConfigError(`${ns}:network.serviceCidr`, serviceCidr, `on azure, a block smaller than /${aksWidestServicePrefix - 1} (/${aksWidestServicePrefix} to /20)`);
        }
    },
    (s, ns) => {
        // Under CNI Overlay every node takes a /24 of the pod range, surge nodes during upgrades included.
        const k = s.kubernetes;
        const nodes =
            k.systemNodes.maxNodes + upgradeSurgeNodes(k.systemNodes.maxNodes, false) + k.gpuPools.reduce((n, p) => n + p.maxNodes + upgradeSurgeNodes(p.maxNodes, p.spot), 0);
        const podPrefix = prefixOf(s.network.podCidr);
        const capacity = overlayNodeCapacity(podPrefix);
        if (nodes > capacity) {
            const needed = overlayNodePodPrefix - Math.ceil(Math.log2(nodes));
            throw new ConfigError(
                `${ns}:network.podCidr`,
                s.network.podCidr,
                `on azure, /${needed} or wider: AKS gives each node a /${overlayNodePodPrefix} of it, and the pools can reach ${nodes} nodes with upgrade surge (a /${podPrefix} holds ${capacity})`,
            );
        }
    },
    (s, ns) => {
        if (s.kubernetes.apiAllowedCidrs.length > maxAuthorizedIpRanges) {
            throw new ConfigError(`${ns}:kubernetes.apiAllowedCidrs`, `${s.kubernetes.apiAllowedCidrs.length} ranges`, `at most ${maxAuthorizedIpRanges} ranges on azure (AKS authorized IP ranges)`);
        }
    },
];
