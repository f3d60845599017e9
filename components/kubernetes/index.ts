import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CloudCluster, ClusterHandle, ClusterRef, KubernetesClusterArgs, KubernetesImplementation, platformNamespace, WorkloadIdentity, WorkloadIdentitySpec } from "./contract";

export * from "./contract";

/**
 * A production Kubernetes cluster with a system node pool, secrets encrypted with the platform key,
 * audit logging, workload identity and a namespace for the platform's workloads.
 */
export class KubernetesCluster extends pulumi.ComponentResource implements ClusterRef {
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

    constructor(name: string, args: KubernetesClusterArgs & { readonly implementation: KubernetesImplementation }, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:kubernetes:KubernetesCluster", name, {}, opts);
        this.cloud = args.implementation.createCluster(this, args);
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
        // An account in the platform namespace waits for the namespace this component creates; one
        // elsewhere names what it waits for in spec.dependsOn.
        const inPlatformNamespace = (spec.namespace ?? platformNamespace) === platformNamespace;
        return this.cloud.bindWorkloadIdentity(name, inPlatformNamespace ? { ...spec, dependsOn: [...(spec.dependsOn ?? []), this.namespaceResource] } : spec, this);
    }
}
