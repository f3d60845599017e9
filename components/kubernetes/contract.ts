import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys/contract";
import { NetworkRef } from "../network/contract";
import { RegionalProviders } from "../providers/contract";
import { Cloud, handleOf, PlatformContext } from "../shared/context";
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
    readonly network: NetworkRef;
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
 * Each cloud's module extends this with its own parts and a `cloud` tag; `clusterHandle` checks the
 * tag and narrows to that cloud's handle.
 */
export interface ClusterHandle {
    readonly cloud: Cloud;
}

/** The handle as the cloud `H` built it (`clusterHandle<AwsClusterHandle>(cluster, "aws")`). */
export function clusterHandle<H extends ClusterHandle>(cluster: { handle: ClusterHandle }, cloud: H["cloud"]): H {
    return handleOf<H>(cluster, cloud, "cluster");
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

/** The cluster as other capabilities receive it (GPU pools, inference, ...). */
export interface ClusterRef extends Omit<CloudCluster, "bindWorkloadIdentity"> {
    readonly version: string;
    /** The platform namespace. */
    readonly namespace: string;
    /** The platform namespace's resource; workloads placed in it depend on it. */
    readonly namespaceResource: k8s.core.v1.Namespace;
    /** A service account in the cluster bound to a cloud identity that holds `spec.grants`. */
    workloadIdentity(name: string, spec: WorkloadIdentitySpec): WorkloadIdentity;
}

/** What a cloud provides for this capability. */
export interface KubernetesImplementation {
    readonly createCluster: CreateCluster;
}
