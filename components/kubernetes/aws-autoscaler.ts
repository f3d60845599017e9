import * as aws from "../shared/sdk/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { AccessGrant, principalOf } from "../shared/grants";
import { infraOptions } from "../shared/options";
import { WorkloadIdentity } from "./contract";
import { clusterAutoscalerChart, eksVersions } from "./aws-limits";

/** The Cluster Autoscaler's service account (in kube-system). */
export const autoscalerServiceAccount = "cluster-autoscaler";

/**
 * What the Cluster Autoscaler may do: read Auto Scaling groups, launch templates, instance types
 * and managed node groups (labels and taints of an empty group come from eks:DescribeNodegroup),
 * and change the size only of groups EKS tagged as this cluster's.
 * https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#full-cluster-autoscaler-features-policy-recommended
 */
export function autoscalerGrant(clusterName: string): AccessGrant {
    return {
        description: `scale the managed node groups of ${clusterName}`,
        attach: (principal, name, opts) => {
            const { roleName } = principalOf(principal, "aws");
            return [
                new aws.iam.RolePolicy(
                    name,
                    {
                        role: roleName,
                        policy: JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Effect: "Allow",
                                    Action: [
                                        "autoscaling:DescribeAutoScalingGroups",
                                        "autoscaling:DescribeAutoScalingInstances",
                                        "autoscaling:DescribeLaunchConfigurations",
                                        "autoscaling:DescribeScalingActivities",
                                        "autoscaling:DescribeTags",
                                        "ec2:DescribeImages",
                                        "ec2:DescribeInstanceTypes",
                                        "ec2:DescribeLaunchTemplateVersions",
                                        "ec2:GetInstanceTypesFromInstanceRequirements",
                                        "eks:DescribeNodegroup",
                                    ],
                                    Resource: "*",
                                },
                                {
                                    // Managed node groups tag their Auto Scaling group with both keys.
                                    Effect: "Allow",
                                    Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
                                    Resource: "*",
                                    Condition: {
                                        StringEquals: {
                                            "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                                            [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                                        },
                                    },
                                },
                            ],
                        }),
                    },
                    opts,
                ),
            ];
        },
    };
}

export interface AutoscalerArgs {
    readonly clusterName: string;
    readonly version: string;
    readonly region: string;
    readonly identity: WorkloadIdentity;
    readonly replicas: number;
    /** Node selector of the system pool, where the autoscaler runs (never on a GPU node it may remove). */
    readonly nodeSelector: Readonly<Record<string, string>>;
}

/**
 * The Cluster Autoscaler, discovering every managed node group of the cluster by the tags EKS puts
 * on their Auto Scaling groups, so node groups scale between their min and max — GPU groups from zero.
 */
export function clusterAutoscaler(parent: pulumi.Resource, provider: k8s.Provider, ctx: PlatformContext, args: AutoscalerArgs, dependsOn: pulumi.Resource[]): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        "cluster-autoscaler",
        {
            name: "cluster-autoscaler",
            chart: clusterAutoscalerChart.chart,
            version: clusterAutoscalerChart.version,
            repositoryOpts: { repo: clusterAutoscalerChart.repo },
            namespace: args.identity.namespace,
            values: {
                cloudProvider: "aws",
                awsRegion: args.region,
                autoDiscovery: { clusterName: args.clusterName },
                image: { tag: eksVersions[args.version].clusterAutoscalerImage },
                rbac: { serviceAccount: { create: false, name: args.identity.serviceAccountName } },
                replicaCount: args.replicas,
                priorityClassName: "system-cluster-critical",
                nodeSelector: { ...args.nodeSelector },
                resources: { requests: { cpu: "100m", memory: "600Mi" }, limits: { memory: "600Mi" } },
                extraArgs: {
                    // Pending pods go to the group that wastes least of the new node; groups of one
                    // shape in different zones are kept the same size.
                    expander: "least-waste",
                    "balance-similar-node-groups": true,
                    "skip-nodes-with-system-pods": false,
                    "skip-nodes-with-local-storage": false,
                    // GPU nodes take a while to boot and to advertise their GPUs: give them time before a retry.
                    "max-node-provision-time": "20m",
                },
            },
        },
        infraOptions(parent, provider, ctx, { dependsOn }),
    );
}
