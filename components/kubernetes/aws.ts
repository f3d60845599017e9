import * as aws from "../shared/sdk/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { AwsNetworkHandle } from "../network/aws";
import { networkHandle } from "../network/contract";
import { namePrefix } from "../shared/context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { clusterAdmins } from "./aws-access";
import { controlPlane } from "./aws-control-plane";
import { autoscalerGrant, autoscalerServiceAccount, clusterAutoscaler } from "./aws-autoscaler";
import { bindPodIdentity, PodIdentityContext } from "./aws-identity";
import { autoScalingKeyGrant, managedNodeGroup, NodeGroupContext, nodeRole, standardAmiType } from "./aws-nodes";
import { AwsKubernetesSettings, awsKubernetesDefaults } from "./aws-settings";
import { ClusterHandle, CreateCluster, KubernetesClusterArgs, KubernetesImplementation } from "./contract";

/** What AWS's GPU pools need from the cluster. */
export interface AwsClusterHandle extends ClusterHandle {
    readonly cloud: "aws";
    /** The control plane (aws-control-plane.ts). */
    readonly cluster: aws.eks.Cluster;
    /** Known during a preview (the cluster is named, not autonamed: its log group must exist first). */
    readonly name: string;
    readonly region: string;
    readonly version: string;
    readonly network: AwsNetworkHandle;
    /** Where node groups go and what they wait for. */
    readonly nodes: NodeGroupContext;
    readonly systemNodes: aws.eks.NodeGroup;
    /** Node selector of the system pool. */
    readonly systemNodeSelector: Readonly<Record<string, string>>;
    /** Scales every managed node group of the cluster, GPU groups included. */
    readonly autoscaler: k8s.helm.v3.Release;
}

/** System nodes run the add-ons and the platform's CPU workloads; 44 pods fit one with custom networking. */
export const defaultSystemMachineType = "m6i.xlarge";

/** Node label of the system pool. */
export const systemNodeLabels = { "ai-data-platform/node-role": "system" } as const;

export { controlPlaneLogDays, controlPlaneLogTypes } from "./aws-control-plane";

/** The EKS cluster's name: the stack's physical-name prefix (`adp-prod`). */
export function eksClusterName(ctx: { stack: string }): string {
    return namePrefix(ctx);
}

export const createCluster: CreateCluster = (self, args: KubernetesClusterArgs) => {
    const { ctx, providers, keys, settings } = args;
    // The section's AWS-only keys (stacks/config/sections/kubernetes.ts) travel in the same object.
    const awsSettings: AwsKubernetesSettings = { ...awsKubernetesDefaults, ...(settings as Partial<AwsKubernetesSettings>) };
    const provider = providers.primary;
    const net = networkHandle<AwsNetworkHandle>(args.network, "aws");
    const prefix = namePrefix(ctx);
    const name = eksClusterName(ctx);
    // Not data-bearing: a cloud swap (or removing the platform) deletes the cluster and its parts.
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    const partition = aws.getPartitionOutput({}, { parent: self, provider }).partition;
    const accountId = aws.getCallerIdentityOutput({}, { parent: self, provider }).accountId;
    const key: KeyRef = keys.primary;

    const profile = ctx.providerSettings.profile;
    // The control plane alone: the add-ons are below (the VPC CNI with custom networking before any
    // node, CoreDNS once nodes exist), the nodes are managed node groups of ours on the security group
    // EKS creates, and workload identity is EKS Pod Identity, so there is no OIDC provider.
    const { cluster } = controlPlane(self, {
        ctx,
        provider,
        partition,
        name,
        prefix,
        version: settings.version,
        subnetIds: net.privateSubnets.map((s) => s.id),
        apiAllowedCidrs: settings.apiAllowedCidrs,
        serviceRange: args.network.serviceRange,
        key,
    });
    const clusterName = cluster.name;
    // Built rather than read from the cluster, so trust policies are known during a preview.
    const clusterArn = pulumi.interpolate`arn:${partition}:eks:${ctx.region}:${accountId}:cluster/${name}`;
    const endpoint = cluster.endpoint;
    const certificateAuthority = cluster.certificateAuthority.data;
    // The security group EKS creates for the cluster; nodes use it too.
    const clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;

    // Tooling inside the network (a CI runner, a bastion) reaches the private endpoint; still
    // authenticated by IAM and authorized by access entries.
    new aws.vpc.SecurityGroupIngressRule(
        "api-from-network",
        { securityGroupId: clusterSecurityGroupId, description: "Kubernetes API from inside the VPC", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: net.cidr },
        infra(),
    );

    const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs> = {}, o: pulumi.CustomResourceOptions = {}) =>
        new aws.eks.Addon(
            addonName,
            // EKS picks the add-on version it defaults to for the cluster's Kubernetes version; our
            // settings win over whatever an earlier self-managed install left.
            { clusterName, addonName, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE", ...extra },
            infra(o),
        );
    // Custom networking: each node's pods take addresses from the pod subnet of its zone (the
    // ENIConfig named after the zone), with the cluster security group.
    // https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network-tutorial.html
    const vpcCni = addon("vpc-cni", {
        configurationValues: pulumi
            .all([net.zones, pulumi.all(net.podSubnets.map((s) => s.id)), clusterSecurityGroupId])
            .apply(([zones, subnets, sg]) => vpcCniConfiguration(ctx.region, zones, subnets, sg)),
    });
    const podIdentityAgent = addon("eks-pod-identity-agent");
    // A managed add-on as @pulumi/eks made it; `preserve` (as there) leaves kube-proxy running if
    // the add-on is ever removed.
    const kubeProxy = addon("kube-proxy", { preserve: true });

    const nodeIdentity = nodeRole(self, ctx, provider, partition, prefix);
    const keyGrant = autoScalingKeyGrant(self, ctx, provider, key, partition, accountId, awsSettings.createAutoscalingServiceLinkedRole);
    const nodes: NodeGroupContext = {
        ctx,
        provider,
        clusterName,
        version: settings.version,
        nodeRoleArn: nodeIdentity.role.arn,
        key,
        subnetIds: net.privateSubnets.map((s) => s.id),
        prerequisites: [vpcCni, podIdentityAgent, kubeProxy, keyGrant, ...nodeIdentity.attachments, ...net.ready],
    };
    const machineType = settings.systemNodes.machineType ?? defaultSystemMachineType;
    const systemNodes = managedNodeGroup(self, nodes, "system", {
        instanceType: machineType,
        amiType: standardAmiType(machineType),
        spot: false,
        minNodes: settings.systemNodes.minNodes,
        maxNodes: settings.systemNodes.maxNodes,
        labels: systemNodeLabels,
        taints: [],
        diskGiB: 50,
    });
    const coredns = addon("coredns", {}, { dependsOn: [systemNodes] });
    // Resource metrics for the HorizontalPodAutoscaler (inference scales on CPU).
    const metricsServer = addon("metrics-server", {}, { dependsOn: [systemNodes] });

    const kubeconfig = pulumi
        .all([clusterName, endpoint, certificateAuthority])
        .apply(([n, server, ca]) => kubeconfigFor(n, server, ca, ctx.region, profile));
    const admins = clusterAdmins(self, ctx, provider, clusterName, partition, awsSettings.adminPrincipalArns);
    // Kubernetes resources wait for the admins' access: a `pulumi up` by a principal listed in the
    // same change reaches the cluster only once its entry and policy exist.
    const kubernetes = new k8s.Provider("cluster", { kubeconfig }, { parent: self, dependsOn: admins });

    const ids: PodIdentityContext = { ctx, provider, kubernetes, clusterName, clusterArn, accountId, prefix, agent: podIdentityAgent };
    const bindWorkloadIdentity = (idName: string, spec: Parameters<typeof bindPodIdentity>[2], parent: pulumi.Resource) => bindPodIdentity(ids, idName, spec, parent);

    const autoscalerIdentity = bindWorkloadIdentity("cluster-autoscaler", { namespace: "kube-system", serviceAccount: autoscalerServiceAccount, grants: [autoscalerGrant(name)] }, self);
    const autoscaler = clusterAutoscaler(
        self,
        kubernetes,
        ctx,
        { clusterName: name, version: settings.version, region: ctx.region, identity: autoscalerIdentity, replicas: ctx.profile.autoscalerReplicas, nodeSelector: systemNodeLabels },
        [systemNodes, coredns, metricsServer],
    );

    return {
        clusterName,
        endpoint,
        kubeconfig,
        provider: kubernetes,
        handle: { cloud: "aws", cluster, name, region: ctx.region, version: settings.version, network: net, nodes, systemNodes, systemNodeSelector: systemNodeLabels, autoscaler },
        bindWorkloadIdentity,
    };
};

/**
 * The VPC CNI add-on's settings for custom networking: ENIConfigs named after the zones (the label
 * the CNI matches nodes by), each with the zone's pod subnet and the cluster security group.
 * (`eniConfig` is part of the add-on's configuration schema: `aws eks describe-addon-configuration --addon-name vpc-cni`.)
 */
export function vpcCniConfiguration(region: string, zones: readonly string[], podSubnetIds: readonly string[], securityGroupId: string): string {
    return JSON.stringify({
        env: { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" },
        eniConfig: { create: true, region, subnets: Object.fromEntries(zones.map((z, i) => [z, { id: podSubnetIds[i], securityGroups: [securityGroupId] }])) },
    });
}

/**
 * A kubeconfig that authenticates with `aws eks get-token` (the AWS CLI must be on the machine that
 * runs Pulumi or kubectl), for the region of the cluster and, when the stack names one, the AWS
 * profile its provider uses.
 */
export function kubeconfigFor(clusterName: string, server: string, certificateAuthority: string, region: string, profile?: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server, "certificate-authority-data": certificateAuthority } }],
        contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
        "current-context": clusterName,
        users: [
            {
                name: clusterName,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json", ...(profile ? ["--profile", profile] : [])],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
    });
}

export const awsKubernetes: KubernetesImplementation = { createCluster };
