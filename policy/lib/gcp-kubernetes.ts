import { PolicyResource } from "@pulumi/policy";
import { customerKeyIn, gcpKeys } from "./keys";
import { asArray } from "./values";
import { ClusterView, KubernetesAdapter, NodePoolView } from "./views";

// GKE clusters and node pools as the pack sees them. Stack policies get a resource's outputs: in a
// preview of a new stack, its inputs plus every property the provider computes and the program
// leaves unset as unknown, and one unknown read stops the whole policy. So inputs are read first,
// and a computed property (loggingService, nodePools, nodeVersion, guestAccelerators) only when the
// answer still depends on it. The Cloud KMS key id of a key created in the same program is unknown
// too: it is found through the property's dependencies instead.

const t = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
};

/** GKE's taint effects → Kubernetes spelling. */
const effects: Readonly<Record<string, string>> = { NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute" };

/** Accelerator-optimized machine families: their GPUs come with the machine type, listed or not. */
const gpuMachineFamilies = /^(a2|a3|a4|a4x|g2|g4)-/;
/**
 * Series that can carry GPUs: N1 (attached as guest accelerators; `custom-` types are N1) and the
 * accelerator-optimized A and G series, newer ones included. "GPUs are not compatible with other
 * machine types" (https://cloud.google.com/compute/docs/gpus/about-gpus).
 */
const gpuCapableSeries = /^(n1-|custom-|[ag]\d)/;

export const gcpKubernetes: KubernetesAdapter = {
    cloud: "gcp",
    clusters: (index) => index.ofType(t.cluster).map(clusterView),
    nodePools: (index) => [
        ...index.ofType(t.nodePool).map((pool) => poolView(pool, () => pool.props, "nodeConfig")),
        // Pools declared inside the cluster resource; violations name the cluster.
        ...index.ofType(t.cluster).flatMap(inlinePools),
    ],
};

/**
 * The pools a cluster resource declares itself. With removeDefaultNodePool, none: the provider
 * deletes the pool named default-pool once the cluster is up (and fails if there is none, as when
 * inline pools replace it), so the pools that run are NodePool resources, judged on their own;
 * `nodePools` is not read, as it is computed (unknown in a preview) and, once deployed, lists those too. With
 * initialNodeCount, the default pool only: GKE's API says not to use it together with node pools.
 * Autopilot clusters have none (the provider refuses nodePools there). Else the `nodePools` entries,
 * which the CLI cannot know during a preview unless the program sets them.
 */
function inlinePools(cluster: PolicyResource): NodePoolView[] {
    const p = cluster.props;
    if (p.removeDefaultNodePool === true || p.enableAutopilot === true) {
        return [];
    }
    if (typeof p.initialNodeCount === "number") {
        return [poolView(cluster, () => defaultPool(p), "nodeConfig")];
    }
    return asArray(p.nodePools).map((inline) => poolView(cluster, () => inline, "nodePools"));
}

function clusterView(cluster: PolicyResource): ClusterView {
    const p = cluster.props;
    return {
        cloud: "gcp",
        resource: cluster,
        publicApiCidrs: () => {
            const open: string[] = [];
            // The DNS-based endpoint admits user traffic from any network, but Google's front end
            // lets a request through only for an IAM principal with container.clusters.connect on the
            // cluster: access is gated by identity, not by network, which is Google's documented model
            // and best practice for control-plane access, so it is no API open to the internet.
            // https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint
            // Unless it also takes Kubernetes' own credentials (client certificates, service-account
            // tokens), which Kubernetes checks and not IAM: then it counts as open to all.
            const dns = p.controlPlaneEndpointsConfig?.dnsEndpointConfig;
            if (dns?.allowExternalTraffic === true && (dns.enableK8sCertsViaDns === true || dns.enableK8sTokensViaDns === true)) {
                open.push("0.0.0.0/0");
            }
            const ipEndpoint = p.controlPlaneEndpointsConfig?.ipEndpointsConfig?.enabled !== false;
            const privateOnly = () => p.privateClusterConfig?.enablePrivateNodes === true && p.privateClusterConfig?.enablePrivateEndpoint === true;
            if (ipEndpoint && !privateOnly()) {
                // The public IP endpoint: open to all unless authorized networks restrict it.
                const man = p.masterAuthorizedNetworksConfig;
                open.push(...(man ? asArray(man.cidrBlocks).map((b) => String(b.cidrBlock)) : ["0.0.0.0/0"]));
            }
            return [...new Set(open)];
        },
        secretsEncryptionKey: () => {
            if (p.databaseEncryption?.state !== "ENCRYPTED") {
                return undefined;
            }
            return customerKeyIn(cluster, "databaseEncryption", gcpKeys, () => p.databaseEncryption?.keyName);
        },
        // GKE's API server log (loggingConfig APISERVER); the Kubernetes audit log itself is Cloud
        // Audit Logs, always on for writes. Without loggingConfig GKE collects only system and
        // workload logs; loggingService "none" exports no logs at all ("none - no logs will be
        // exported from the cluster", Cluster.loggingService in the GKE API reference), so it is read
        // only when the components would collect the API server's log. Both are computed when unset.
        auditLogging: () => asArray(p.loggingConfig?.enableComponents).includes("APISERVER") && p.loggingService !== "none",
        // nodeVersion is the default pool's version, which the provider refuses to set with
        // removeDefaultNodePool; then it is only what GKE picked (unknown in a preview), not a pin.
        version: () => minorOf(p.minMasterVersion) ?? (p.removeDefaultNodePool === true ? undefined : minorOf(p.nodeVersion)),
    };
}

/**
 * A node pool: a NodePool resource, or a pool declared inside a cluster (`property` is the cluster
 * input it comes from, for finding its key through the dependencies).
 */
function poolView(resource: PolicyResource, pool: () => Record<string, any>, property: string): NodePoolView {
    const config = () => pool().nodeConfig ?? {};
    return {
        cloud: "gcp",
        resource,
        // The machine type first: it settles most pools, and guestAccelerators, computed when a pool
        // leaves it out (also when it lists none), is read only for series that can carry GPUs.
        gpu: () => {
            const machineType = String(config().machineType ?? "");
            if (gpuMachineFamilies.test(machineType)) {
                return true;
            }
            return (machineType === "" || gpuCapableSeries.test(machineType)) && asArray(config().guestAccelerators).some((a) => Number(a?.count ?? 0) > 0);
        },
        taints: () => asArray(config().taints).map((x) => `${x.key}=${x.value}:${effects[x.effect] ?? x.effect}`),
        minNodes: () => {
            const p = pool();
            const a = p.autoscaling;
            if (a && typeof a.totalMinNodeCount === "number") {
                return a.totalMinNodeCount;
            }
            // Per-zone counts hold in each of the pool's zones (one when the cluster's default applies).
            const zones = () => asArray(p.nodeLocations).length || 1;
            if (a && typeof a.minNodeCount === "number") {
                return a.minNodeCount * zones();
            }
            const fixed = p.nodeCount ?? p.initialNodeCount;
            return typeof fixed === "number" ? fixed * zones() : undefined;
        },
        spot: () => config().spot === true || config().preemptible === true,
        // Compute Engine encrypts every disk at rest; the question is whose key.
        diskEncryption: () => (customerKeyIn(resource, property, gcpKeys, () => config().bootDiskKmsKey) ? "customer-managed-key" : "cloud-managed-key"),
    };
}

/**
 * The default pool a cluster creates from its own nodeConfig (initialNodeCount per zone). Getters,
 * so that a policy reads only what it asks for (nodeLocations is computed when unset).
 */
function defaultPool(props: Record<string, any>): Record<string, any> {
    return {
        get nodeConfig() {
            return props.nodeConfig;
        },
        get initialNodeCount() {
            return props.initialNodeCount;
        },
        get nodeLocations() {
            return props.nodeLocations;
        },
    };
}


/** `1.33`, `1.33.5-gke.1234` → `1.33`; GKE aliases (`latest`, `-`) pin nothing. */
function minorOf(version: unknown): string | undefined {
    const m = typeof version === "string" ? /^(\d+)\.(\d+)/.exec(version) : null;
    return m ? `${m[1]}.${m[2]}` : undefined;
}
