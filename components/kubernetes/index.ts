import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys";
import { Network } from "../network";
import { RegionalProviders } from "../providers";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";
import { AccessGrant } from "../shared/grants";

export interface NodeGroupSettings {
    readonly minNodes: number;
    readonly maxNodes: number;
    /** Overrides the cloud's default system machine type. */
    readonly machineType?: string;
}

export interface KubernetesSettings {
    /** Kubernetes minor version, `1.33`. */
    readonly version: string;
    /** Who may reach the public API endpoint; empty = private endpoint only. */
    readonly apiAllowedCidrs: readonly string[];
    readonly systemNodes: NodeGroupSettings;
}

/** The namespace the platform's own workloads (inference, Airflow, ...) run in. */
export const platformNamespace = "ai-data-platform";

export interface KubernetesClusterArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly network: Network;
    readonly settings: KubernetesSettings;
}

/** A Kubernetes service account bound to a cloud identity. */
export interface WorkloadIdentity {
    readonly serviceAccountName: pulumi.Output<string>;
    readonly namespace: string;
    /** Labels a pod using the account must carry (Azure Workload Identity needs one; others none). */
    readonly podLabels: Readonly<Record<string, string>>;
}

export interface WorkloadIdentitySpec {
    /** Namespace of the service account; the platform namespace when omitted. */
    readonly namespace?: string;
    /** Name of the Kubernetes service account to create. */
    readonly serviceAccount: string;
    /** What the workload may do in the cloud. */
    readonly grants: readonly AccessGrant[];
    /** What the service account must wait for besides its identity: a namespace other than the platform's. */
    readonly dependsOn?: readonly pulumi.Resource[];
}

/**
 * What each cloud's cluster module hands the same cloud's GPU pools beyond the shared outputs.
 * Each is defined in that cloud's module with a `cloud` tag; `clusterHandle` narrows it.
 */
export type ClusterHandle = import("./aws").AwsClusterHandle | import("./gcp").GcpClusterHandle | import("./azure").AzureClusterHandle;

export function clusterHandle<C extends ClusterHandle["cloud"]>(cluster: { handle: ClusterHandle }, cloud: C): Extract<ClusterHandle, { cloud: C }> {
    if (cluster.handle.cloud !== cloud) {
        throw new Error(`the cluster was built for ${cluster.handle.cloud}, not ${cloud}`);
    }
    return cluster.handle as Extract<ClusterHandle, { cloud: C }>;
}

/** The cloud's cluster parts. */
export interface CloudCluster {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    /** Secret: a kubeconfig that authenticates with the cloud's own tooling (aws / gke-gcloud-auth-plugin / kubelogin). */
    readonly kubeconfig: pulumi.Output<string>;
    /** Kubernetes provider for the cluster; everything in the cluster is created through it. */
    readonly provider: k8s.Provider;
    readonly handle: ClusterHandle;
    /** Binds a new service account in the cluster to a new cloud identity holding `grants`. */
    bindWorkloadIdentity(name: string, spec: WorkloadIdentitySpec, parent: pulumi.Resource): WorkloadIdentity;
}

export type CreateCluster = (self: pulumi.ComponentResource, args: KubernetesClusterArgs) => CloudCluster;

/**
 * A production Kubernetes cluster with a system node pool, secrets encrypted with the platform key,
 * audit logging, workload identity and a namespace for the platform's workloads.
 */
export class KubernetesCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly provider: k8s.Provider;
    readonly version: string;
    readonly namespace: string;
    readonly handle: ClusterHandle;
    /** The platform namespace; workloads placed in it depend on it. */
    readonly namespaceResource: k8s.core.v1.Namespace;
    private readonly cloud: CloudCluster;

    constructor(name: string, args: KubernetesClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:kubernetes:KubernetesCluster", name, {}, opts);
        const create = forCloud<CreateCluster>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createCluster,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createCluster,
            azure: () => (require("./azure") as typeof import("./azure")).createCluster,
        });
        this.cloud = create(this, args);
        this.clusterName = this.cloud.clusterName;
        this.endpoint = this.cloud.endpoint;
        this.kubeconfig = pulumi.secret(this.cloud.kubeconfig);
        this.provider = this.cloud.provider;
        this.handle = this.cloud.handle;
        this.version = args.settings.version;
        this.namespaceResource = new k8s.core.v1.Namespace(
            "platform",
            { metadata: { name: platformNamespace, labels: { "app.kubernetes.io/managed-by": "pulumi", "pod-security.kubernetes.io/enforce": "baseline" } } },
            { parent: this, provider: this.provider },
        );
        this.namespace = platformNamespace;
        this.registerOutputs({ clusterName: this.clusterName, endpoint: this.endpoint, kubeconfig: this.kubeconfig, namespace: this.namespace, version: this.version });
    }

    /**
     * A service account in the cluster bound to a cloud identity that holds `grants`
     * (IRSA/Pod Identity on EKS, Workload Identity on GKE and AKS).
     */
    workloadIdentity(name: string, spec: WorkloadIdentitySpec): WorkloadIdentity {
        return this.cloud.bindWorkloadIdentity(name, spec, this);
    }
}
