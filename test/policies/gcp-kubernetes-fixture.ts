import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";

// Small GKE setups for the Kubernetes policies: a cluster and node pools declared with the real SDK
// classes, compliant unless a test overrides one setting, so only that setting can make a policy speak.
// They state what the platform states, computed properties included (the endpoints, the logging
// service): left out, those are unknown in a preview and a policy reading them cannot run.

export const region = "us-central1";

export function provider(): gcp.Provider {
    return new gcp.Provider("fixture", { project: "fixture-project", region });
}

/** A Cloud KMS key created in the program: its id is unknown during a preview. */
export function cryptoKey(name: string, p: gcp.Provider): gcp.kms.CryptoKey {
    const ring = new gcp.kms.KeyRing(name, { name: `${name}-ring`, location: region }, { provider: p });
    return new gcp.kms.CryptoKey(name, { name, keyRing: ring.id, rotationPeriod: `${365 * 86400}s` }, { provider: p });
}

export type ClusterOverrides = Partial<gcp.container.ClusterArgs>;

/** A private, encrypted, audited, pinned cluster without a default pool. */
export function cluster(name: string, p: gcp.Provider, key: pulumi.Input<string>, overrides: ClusterOverrides = {}): gcp.container.Cluster {
    return new gcp.container.Cluster(
        name,
        {
            location: region,
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            minMasterVersion: "1.35",
            privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true },
            controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: false }, ipEndpointsConfig: { enabled: true } },
            masterAuthorizedNetworksConfig: { cidrBlocks: [], gcpPublicCidrsAccessEnabled: false },
            databaseEncryption: { state: "ENCRYPTED", keyName: key },
            loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "WORKLOADS"] },
            loggingService: "logging.googleapis.com/kubernetes",
            deletionProtection: false,
            ...overrides,
        },
        { provider: p },
    );
}

export type NodeConfigOverrides = gcp.types.input.container.NodePoolNodeConfig;

/** A T4 pool with the GPU taint, scaling from zero on spot, its boot disks on `key`. */
export function gpuPool(
    name: string,
    p: gcp.Provider,
    c: gcp.container.Cluster,
    key: pulumi.Input<string> | undefined,
    node: NodeConfigOverrides = {},
    pool: Partial<gcp.container.NodePoolArgs> = {},
): gcp.container.NodePool {
    return new gcp.container.NodePool(
        name,
        {
            cluster: c.name,
            location: region,
            nodeLocations: [`${region}-a`, `${region}-b`],
            autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 2 },
            nodeConfig: {
                machineType: "n1-standard-4",
                guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" } }],
                taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
                spot: true,
                ...(key ? { bootDiskKmsKey: key } : {}),
                ...node,
            },
            ...pool,
        },
        { provider: p },
    );
}
