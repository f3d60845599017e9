import * as gcp from "../shared/sdk/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GcpNetworkHandle } from "../network/gcp";
import { KeyRef } from "../keys/contract";
import { networkHandle, zoneCount } from "../network/contract";
import { namePrefix } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { bindGcpWorkloadIdentity, workloadPool } from "./gcp-identity";
import { gkeKubeconfig } from "./gcp-kubeconfig";
import { initialNodesPerZone } from "./gcp-limits";
import { ClusterHandle, CreateCluster, KubernetesImplementation } from "./contract";

/** GKE release channel: Regular, the channel Google recommends for production and the SLA covers. */
export const gkeReleaseChannel = "REGULAR";
/** System pool machine when kubernetes.systemNodes.machineType is not set. */
export const defaultSystemMachineType = "e2-standard-4";
/** GKE control-plane components whose logs go to Cloud Logging; APISERVER carries the API server's log. */
export const gkeLoggedComponents = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];
/** Cloud Logging with the Kubernetes resource model: GKE's default since 1.14, stated (see below). */
export const gkeLoggingService = "logging.googleapis.com/kubernetes";
/** Label on the system pool's nodes (GPU pools carry the shared GPU labels instead). */
export const systemPoolLabel = { "ai-data-platform/pool": "system" } as const;

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";
const encrypterDecrypter = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** What GCP's GPU pools need from the cluster. */
export interface GcpClusterHandle extends ClusterHandle {
    readonly cloud: "gcp";
    readonly cluster: gcp.container.Cluster;
    /** The cluster's location: the region (prod, regional) or a zone (dev, zonal). */
    readonly location: pulumi.Output<string>;
    readonly project: string;
    readonly region: string;
    /** The primary region's GCP provider. */
    readonly provider: pulumi.ProviderResource;
    /** The node service account every pool runs as. */
    readonly nodeServiceAccount: gcp.serviceaccount.Account;
    /** The node pool for system workloads; GPU pools are created after it. */
    readonly systemPool: gcp.container.NodePool;
    /** Node settings every pool shares: identity, scopes, shielded VM, metadata server, CMEK boot disk. */
    readonly nodeConfig: gcp.types.input.container.NodePoolNodeConfig;
    /** What a pool must wait for before its nodes can boot: the node SA's roles and the boot-disk key grant, propagated. */
    readonly nodePrerequisites: pulumi.Resource[];
}

/**
 * A GKE Standard cluster: regional in prod (control plane replicated over the region's zones), zonal
 * in dev (one control plane, free of the cluster management fee under the free tier). Private nodes,
 * VPC-native addressing from the network's secondary ranges, Dataplane V2, Workload Identity,
 * shielded nodes, application-layer secrets encryption with the platform key of the primary region,
 * control-plane logs including the API server's, the Regular release channel, the default node pool
 * removed in favour of a system pool spread over the platform's zones.
 */
export const createCluster: CreateCluster = (self, { ctx, providers, keys, network, settings }) => {
    const net = networkHandle<GcpNetworkHandle>(network, "gcp");
    const provider = providers.primary;
    const project = gcpProjectOf(ctx);
    const regional = ctx.profile.regionalCluster;
    const key: KeyRef = keys.primary;
    // Cluster, pools and their grants are not data: a cloud swap deletes them (the key itself, data-
    // bearing, stays retained in prod). Deletion protection guards the prod cluster instead (below).
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);

    // Service agents by project number, as Google names them:
    // https://cloud.google.com/iam/docs/service-agents
    const projectNumber = gcp.organizations.getProjectOutput({ projectId: project }, { parent: self, provider }).number;
    const gkeAgent = pulumi.interpolate`serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
    const computeAgent = pulumi.interpolate`serviceAccount:service-${projectNumber}@compute-system.iam.gserviceaccount.com`;

    // Application-layer secrets encryption: the GKE service agent wraps the data keys of Secrets with
    // the platform key, which must be in the cluster's location (the primary region).
    // https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
    const secretsKeyGrant = new gcp.kms.CryptoKeyIAMMember(
        "cluster-secrets-gke-agent",
        { cryptoKeyId: key.resourceId, role: encrypterDecrypter, member: gkeAgent },
        infra(),
    );
    // CMEK boot disks: Compute Engine's service agent encrypts the nodes' disks with the same key.
    // https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek
    const bootDiskKeyGrant = new gcp.kms.CryptoKeyIAMMember(
        "node-disks-compute-agent",
        { cryptoKeyId: key.resourceId, role: encrypterDecrypter, member: computeAgent },
        infra(),
    );

    // Nodes run as a service account of their own with the least privileges GKE needs (logs, metrics,
    // autoscaler metrics), not the Compute Engine default account (Editor on the project), plus image
    // pulls from Artifact Registry. https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts
    const nodeServiceAccount = new gcp.serviceaccount.Account(
        "nodes",
        { project, accountId: `${namePrefix(ctx)}-nodes`, displayName: `GKE nodes of ${ctx.project}/${ctx.stack}` },
        infra(),
    );
    const nodeRoles = ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"].map(
        (role) =>
            new gcp.projects.IAMMember(
                `nodes-${role.split("/")[1].replace(/\./g, "-")}`,
                { project, role, member: nodeServiceAccount.member },
                infra({ parent: nodeServiceAccount }),
            ),
    );
    // GKE checks the secrets key, and Compute Engine the boot-disk key, when the cluster and its
    // pools are created; IAM is eventually consistent, so they wait for the grants to propagate
    // (hashicorp/terraform-provider-google#10310: 403 on a newly granted KMS key).
    const grantsReady = afterPropagation("cluster-grants", [secretsKeyGrant, bootDiskKeyGrant, ...nodeRoles], "gcp", self);
    const nodePrerequisites: pulumi.Resource[] = [grantsReady];

    const nodeConfig: gcp.types.input.container.NodePoolNodeConfig = {
        serviceAccount: nodeServiceAccount.email,
        oauthScopes: [cloudPlatformScope],
        imageType: "COS_CONTAINERD",
        diskType: "pd-balanced",
        bootDiskKmsKey: key.id,
        // Shielded GKE nodes: secure boot and integrity monitoring (only signed kernel modules load;
        // GPU nodes rely on the driver GKE installs on COS, see gpu/gcp.ts).
        // https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        // The GKE metadata server: pods get their Workload Identity, never the node's account.
        workloadMetadataConfig: { mode: "GKE_METADATA" },
    };
    const systemMachineType = settings.systemNodes.machineType ?? defaultSystemMachineType;

    const zones = net.zones;
    const isPrivate = settings.apiAllowedCidrs.length === 0;

    const cluster = new gcp.container.Cluster(
        "cluster",
        {
            project,
            description: `${ctx.project}/${ctx.stack}: ai-data-platform`,
            location: regional ? ctx.region : zones.apply((z) => z[0]),
            // Regional: the control plane and default nodes in exactly the platform's zones (a region
            // may have more). Zonal: the default pool stays in the cluster's zone; pools choose their own.
            ...(regional ? { nodeLocations: zones } : {}),
            network: net.network.id,
            subnetwork: net.nodeSubnet.id,
            networkingMode: "VPC_NATIVE",
            ipAllocationPolicy: { clusterSecondaryRangeName: net.podRangeName, servicesSecondaryRangeName: net.serviceRangeName, stackType: "IPV4" },
            // Dataplane V2 (eBPF): NetworkPolicy enforcement built in.
            datapathProvider: "ADVANCED_DATAPATH",

            // The default pool cannot be configured after creation; it is removed once the cluster is
            // up and the pools below take over. It still boots briefly, so it gets the same identity and
            // disk key (and waits for their grants) instead of the Compute Engine default account.
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            nodeConfig: { ...nodeConfig, machineType: systemMachineType },

            minMasterVersion: settings.version,
            releaseChannel: { channel: gkeReleaseChannel },
            ...(regional
                ? {
                      // Upgrades on weekend nights (UTC) only: 8 h twice a week is over the 48 h in
                      // 32 days GKE requires. https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
                      maintenancePolicy: {
                          recurringWindow: { startTime: "2026-01-03T01:00:00Z", endTime: "2026-01-03T09:00:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" },
                      },
                  }
                : {}),

            // Private nodes always. The control plane's IP endpoint is private only when
            // apiAllowedCidrs is empty; otherwise its public address admits exactly those ranges
            // (authorized networks), and never Google Cloud's public IPs in general.
            // https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
            privateClusterConfig: {
                enablePrivateNodes: true,
                enablePrivateEndpoint: isPrivate,
                // The private endpoint answers clients in every region of the VPC (and VPN/Interconnect).
                masterGlobalAccessConfig: { enabled: true },
            },
            // Deployers and CI reach the API through the DNS-based endpoint, from any network: Google's
            // front end lets a request through only with an IAM principal holding
            // container.clusters.connect on the cluster (and VPC Service Controls where configured),
            // before Kubernetes RBAC; Google's best practice for control-plane access. Only Google
            // credentials: no Kubernetes client certificates or service-account tokens through it.
            // https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint
            // The IP endpoint stays as above (private in prod); nodes and in-VPC clients use it.
            controlPlaneEndpointsConfig: {
                dnsEndpointConfig: { allowExternalTraffic: true, enableK8sCertsViaDns: false, enableK8sTokensViaDns: false },
                ipEndpointsConfig: { enabled: true },
            },
            masterAuthorizedNetworksConfig: {
                cidrBlocks: settings.apiAllowedCidrs.map((cidrBlock, i) => ({ cidrBlock, displayName: `apiAllowedCidrs[${i}]` })),
                gcpPublicCidrsAccessEnabled: false,
                // The ranges govern the public endpoint. The private one answers internal addresses of
                // the VPC and of networks connected to it (VPN, Interconnect): the nodes, and clients
                // inside the network (default false, stated so it is not changed unseen).
                privateEndpointEnforcementEnabled: false,
            },
            masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },

            workloadIdentityConfig: { workloadPool: workloadPool(project) },
            databaseEncryption: { state: "ENCRYPTED", keyName: key.id },
            enableShieldedNodes: true,
            enableLegacyAbac: false,

            // Control-plane logs (API server, scheduler, controller manager) and workload logs to Cloud
            // Logging; every API call is also in Cloud Audit Logs (Admin Activity, always on).
            // https://cloud.google.com/kubernetes-engine/docs/how-to/view-logs
            loggingConfig: { enableComponents: gkeLoggedComponents },
            // The default, stated: the provider computes it when unset, so a policy could not see
            // during a preview that logging is not "none".
            loggingService: gkeLoggingService,
            monitoringConfig: {
                enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"],
                managedPrometheus: { enabled: true },
            },
            // The pools autoscale themselves; no auto-provisioned pools beside them. Dev packs pods
            // tighter and removes idle nodes sooner.
            // https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#autoscaling_profiles
            clusterAutoscaling: { enabled: false, autoscalingProfile: regional ? "BALANCED" : "OPTIMIZE_UTILIZATION" },

            // The provider refuses to delete a protected cluster (a client-side guard: the GKE API has
            // no such flag). Prod is protected, so a cloud swap or a removal stops at the cluster until
            // someone sets this to false deliberately (see the README); dev tears down.
            deletionProtection: ctx.profile.clusterDeletionProtection,
        },
        infra({
            dependsOn: [grantsReady],
            // nodeConfig describes only the removed default pool; a change to it must not replace the cluster.
            ignoreChanges: ["nodeConfig"],
        }),
    );

    // Pools use the cluster's location, taken from the cluster so they wait for it.
    const location = cluster.location;
    const systemZones = zoneCount(ctx);
    const systemPool = new gcp.container.NodePool(
        "system",
        {
            project,
            cluster: cluster.name,
            location,
            nodeLocations: zones,
            // Started with minNodes over the zones; the autoscaler keeps the pool in min..max (totals).
            initialNodeCount: initialNodesPerZone(settings.systemNodes.minNodes, systemZones),
            autoscaling: {
                totalMinNodeCount: settings.systemNodes.minNodes,
                totalMaxNodeCount: settings.systemNodes.maxNodes,
                locationPolicy: "BALANCED",
            },
            management: { autoRepair: true, autoUpgrade: true },
            upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: { ...nodeConfig, machineType: systemMachineType, diskSizeGb: 100, labels: { ...systemPoolLabel } },
        },
        // GKE changes the count as it autoscales; a new initialNodeCount would replace the pool.
        infra({ dependsOn: nodePrerequisites, ignoreChanges: ["initialNodeCount"] }),
    );

    // The kubeconfig names the DNS-based endpoint, reachable wherever `pulumi up` runs (a laptop, a
    // hosted CI runner), in prod too where the IP endpoint is private.
    const dnsEndpoint = cluster.controlPlaneEndpointsConfig.apply((c) => c.dnsEndpointConfig?.endpoint ?? "");
    const kubeconfig = gkeKubeconfig({ project, location, clusterName: cluster.name, server: pulumi.interpolate`https://${dnsEndpoint}` });
    // Named like the other clouds' cluster providers, so in-cluster objects read `[via cluster]` everywhere.
    const kubernetes = new k8s.Provider(
        "cluster",
        {
            // No credential in it (exec auth, see gcp-kubeconfig.ts); the component exports it as a secret.
            kubeconfig,
            // Replace the provider (and so every object in the cluster) only when the cluster itself
            // changes, not when its endpoint or certificate does.
            clusterIdentifier: cluster.id,
        },
        // In-cluster objects are applied once there are nodes to run them.
        { parent: self, dependsOn: [systemPool] },
    );

    return {
        clusterName: cluster.name,
        endpoint: dnsEndpoint,
        kubeconfig,
        provider: kubernetes,
        handle: {
            cloud: "gcp",
            cluster,
            location,
            project,
            region: ctx.region,
            provider,
            nodeServiceAccount,
            systemPool,
            nodeConfig,
            nodePrerequisites,
        },
        bindWorkloadIdentity: (name, spec, parent) => bindGcpWorkloadIdentity({ ctx, provider, kubernetes, cluster }, name, spec, parent),
    };
};

export const gcpKubernetes: KubernetesImplementation = { createCluster };
