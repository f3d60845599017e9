import { gpuModels } from "../gpu/catalog";
import { acceleratorZones, gcpAccelerator, modelsInRegion, regionsOffering } from "../gpu/gcp-limits";
import { initialPoolSize } from "./gcp-limits";
import { prefixOf } from "../network/address-plan";
import { profiles } from "../shared/profile";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What GKE (and Compute Engine under it) cannot do with a config the other clouds accept. Each rule
// throws one ConfigError naming the key, the value and what GCP allows.

/**
 * Oldest minor version GKE's Regular channel (the platform's) still offers for new clusters. The
 * channel moves: see "Current versions" in https://cloud.google.com/kubernetes-engine/docs/release-notes
 * (Regular: 1.34 to 1.36, 1.35 the default for new clusters, when this was checked: the Regular
 * channel's release notes of September 17, 2026 make 1.35.8-gke.1036000 the default, and 1.33 patches
 * have left the channel since July 2026; https://cloud.google.com/kubernetes-engine/docs/release-notes-regular)
 * and the schedule in https://cloud.google.com/kubernetes-engine/docs/release-schedule. Newer minors
 * are left to GKE to accept or refuse, so the check never holds back a version Google has just released.
 */
export const gkeOldestRegularMinor = 34;

/** Authorized networks of a cluster with private nodes: https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks#limitations */
export const gkeMaxAuthorizedNetworks = 100;

/**
 * GKE gives each node a /24 of the pod range at the default 110 pods per node.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/flexible-pod-cidr
 */
export const gkeNodePodPrefix = 24;

export const gcpKubernetesRules: CloudRule[] = [
    (s, ns) => {
        const minor = Number(s.kubernetes.version.split(".")[1]);
        if (minor < gkeOldestRegularMinor) {
            throw new ConfigError(
                `${ns}:kubernetes.version`,
                s.kubernetes.version,
                `"1.${gkeOldestRegularMinor}" or later on gcp (the oldest minor GKE's Regular channel still offers for new clusters)`,
            );
        }
    },
    (s, ns) => {
        if (s.kubernetes.apiAllowedCidrs.length > gkeMaxAuthorizedNetworks) {
            throw new ConfigError(
                `${ns}:kubernetes.apiAllowedCidrs`,
                `${s.kubernetes.apiAllowedCidrs.length} ranges`,
                `at most ${gkeMaxAuthorizedNetworks} ranges on gcp (GKE authorized networks of a cluster with private nodes)`,
            );
        }
    },
    (s, ns) => {
        // A GPU pool can only live in zones that have its GPU; the region must have at least one.
        s.kubernetes.gpuPools.forEach((pool, i) => {
            const accelerator = gcpAccelerator(pool.gpu);
            if (accelerator && acceleratorZones(accelerator, s.region).length === 0) {
                const here = modelsInRegion(gpuModels, s.region);
                throw new ConfigError(
                    `${ns}:kubernetes.gpuPools[${i}].gpu`,
                    pool.gpu,
                    `a GPU gcp offers in ${s.region}: ${here.join(", ") || "none"} (${pool.gpu} is in ${regionsOffering(accelerator).join(", ")})`,
                );
            }
        });
    },
    (s, ns) => {
        // GKE creates a pool with the same number of nodes in each of its zones, so the first size is
        // a multiple of the zone count; it must not exceed maxNodes.
        const k = s.kubernetes;
        const pools = [
            { key: `${ns}:kubernetes.systemNodes`, what: "the system pool", ...k.systemNodes, zones: profiles[s.environment].zones },
            ...k.gpuPools.map((p, i) => {
                const accelerator = gcpAccelerator(p.gpu);
                return { key: `${ns}:kubernetes.gpuPools[${i}]`, what: `GPU pool ${p.name}`, ...p, zones: accelerator ? acceleratorZones(accelerator, s.region).length : 0 };
            }),
        ];
        for (const p of pools.filter((x) => x.zones > 0)) {
            const first = initialPoolSize(p.minNodes, p.zones);
            if (first > p.maxNodes) {
                throw new ConfigError(
                    `${p.key}.maxNodes`,
                    p.maxNodes,
                    `${first} or more on gcp: GKE starts ${p.what} with the same number of nodes in each of its ${p.zones} zones, so minNodes ${p.minNodes} starts it at ${first}`,
                );
            }
        }
    },
    (s, ns) => {
        // Every node, upgrade surge included (one system node; GPU pools upgrade without surge), takes a /24.
        const k = s.kubernetes;
        const nodes = k.systemNodes.maxNodes + 1 + k.gpuPools.reduce((n, p) => n + p.maxNodes, 0);
        const prefix = prefixOf(s.network.podCidr);
        const capacity = 2 ** Math.max(0, gkeNodePodPrefix - prefix);
        if (nodes > capacity) {
            const needed = gkeNodePodPrefix - Math.ceil(Math.log2(nodes));
            throw new ConfigError(
                `${ns}:network.podCidr`,
                s.network.podCidr,
                `/${needed} or wider on gcp: GKE gives each node a /${gkeNodePodPrefix} of it, and the pools can reach ${nodes} nodes during an upgrade (a /${prefix} holds ${capacity})`,
            );
        }
    },
];
