import { PolicyResource } from "@pulumi/policy";
import { customerKeyIn, gcpKeys } from "./keys";
import { asArray } from "./values";
import { ClusterView, KubernetesAdapter, NodePoolView } from "./views";

// GKE clusters and node pools as the pack sees them. Everything read here is an input of the
// resource (known during a preview); the one value a preview does not know — the Cloud KMS key id
// of a key created in the same program — is found through the property's dependencies instead, so
// the answer is the same offline, in a real `pulumi preview` and in `pulumi up`.

const t = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
};

/** GKE's taint effects → Kubernetes spelling. */
const effects: Readonly<Record<string, string>> = { NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute" };

/** Accelerator-optimized machine families: their GPUs come with the machine type, listed or not. */
const gpuMachineFamilies = /^(a2|a3|a4|a4x|g2|g4)-/;

export const gcpKubernetes: KubernetesAdapter = {
    cloud: "gcp",
    clusters: (index) => index.ofType(t.cluster).map(clusterView),
    nodePools: (index) => [
        ...index.ofType(t.nodePool).map((pool) => poolView(pool, () => pool.props, "nodeConfig")),
        // Pools declared inside the cluster resource: the default pool unless it is removed, and any
        // `nodePools` entries. They are the cluster resource's own, so violations name the cluster.
        ...index.ofType(t.cluster).flatMap((cluster) => [
            ...(cluster.props.removeDefaultNodePool === true ? [] : [poolView(cluster, () => defaultPool(cluster.props), "nodeConfig")]),
            ...asArray(cluster.props.nodePools).map((inline) => poolView(cluster, () => inline, "nodePools")),
        ]),
    ],
};

function clusterView(cluster: PolicyResource): ClusterView {
    const p = cluster.props;
    return {
        cloud: "gcp",
        resource: cluster,
        publicApiCidrs: () => {
            const open: string[] = [];
            // The DNS-based endpoint, when it admits user traffic, answers any network (IAM decides).
            if (p.controlPlaneEndpointsConfig?.dnsEndpointConfig?.allowExternalTraffic === true) {
                open.push("0.0.0.0/0");
            }
            const ipEndpoint = p.controlPlaneEndpointsConfig?.ipEndpointsConfig?.enabled !== false;
            const privateOnly = p.privateClusterConfig?.enablePrivateNodes === true && p.privateClusterConfig?.enablePrivateEndpoint === true;
            if (ipEndpoint && !privateOnly) {
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
        // workload logs; loggingService "none" turns logging off.
        auditLogging: () => p.loggingService !== "none" && asArray(p.loggingConfig?.enableComponents).includes("APISERVER"),
        version: () => minorOf(p.minMasterVersion) ?? minorOf(p.nodeVersion),
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
        gpu: () => asArray(config().guestAccelerators).some((a) => Number(a?.count ?? 0) > 0) || gpuMachineFamilies.test(String(config().machineType ?? "")),
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

/** The default pool a cluster creates from its own nodeConfig (initialNodeCount per zone). */
function defaultPool(props: Record<string, any>): Record<string, any> {
    return { nodeConfig: props.nodeConfig, initialNodeCount: props.initialNodeCount ?? 1, nodeLocations: props.nodeLocations };
}


/** `1.33`, `1.33.5-gke.1234` → `1.33`; GKE aliases (`latest`, `-`) pin nothing. */
function minorOf(version: unknown): string | undefined {
    const m = typeof version === "string" ? /^(\d+)\.(\d+)/.exec(version) : null;
    return m ? `${m[1]}.${m[2]}` : undefined;
}
