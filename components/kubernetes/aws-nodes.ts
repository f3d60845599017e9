import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { serviceTrust } from "../shared/aws-iam";
import { PlatformContext } from "../shared/context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";

// Managed node groups, the same way for the system pool and every GPU pool: a launch template of
// ours (encrypted root volume with the platform key, IMDSv2 only) without an AMI id, so EKS still
// picks the EKS-optimized AMI of `amiType`, writes the node bootstrap and keeps the node group's
// lifecycle (updates, drains). https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html

/** Where node groups go and what they wait for; built by the cluster. */
export interface NodeGroupContext {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    /** The cluster's name, as an output of the cluster so node groups wait for it. */
    readonly clusterName: pulumi.Output<string>;
    /** Kubernetes minor version of the nodes: the cluster's, so a version change upgrades the control plane, then the nodes. */
    readonly version: string;
    readonly nodeRoleArn: pulumi.Output<string>;
    /** The key node volumes are encrypted with: the platform key of the primary region. */
    readonly key: KeyRef;
    /** Private subnets, zone order. */
    readonly subnetIds: pulumi.Output<string>[];
    /** Created before any node: pod networking, the Pod Identity agent, kube-proxy, the key grant, the network's egress. */
    readonly prerequisites: readonly pulumi.Resource[];
}

export interface NodeGroupSpec {
    readonly instanceType: string;
    /** EKS AMI type: AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, AL2023_x86_64_NVIDIA. */
    readonly amiType: string;
    readonly spot: boolean;
    readonly minNodes: number;
    readonly maxNodes: number;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value: string; effect: "NoSchedule" | "NoExecute" | "PreferNoSchedule" }[];
    /** Root volume size; container images (CUDA images run to many GiB) live there. */
    readonly diskGiB: number;
    /** Defaults to every private subnet. */
    readonly subnetIds?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Kubernetes taint effects as the EKS API spells them. */
const eksEffect = { NoSchedule: "NO_SCHEDULE", NoExecute: "NO_EXECUTE", PreferNoSchedule: "PREFER_NO_SCHEDULE" } as const;

/** The EKS AMI type for a general-purpose instance type: Graviton families (`m7g`, `c6gn`, `r8gd`) run ARM. */
export function standardAmiType(instanceType: string): string {
    const family = instanceType.split(".")[0];
    return /^[a-z]+\d+g[a-z]*$/.test(family) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/**
 * The IAM role every node of the cluster runs as (EKS makes the instance profile for managed node
 * groups, and the access entry that lets the nodes join), with the policies attached: node groups
 * must wait for `attachments`, or the first nodes boot without them and never join.
 */
export function nodeRole(
    self: pulumi.ComponentResource,
    ctx: PlatformContext,
    provider: pulumi.ProviderResource,
    partition: pulumi.Output<string>,
    prefix: string,
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    const role = new aws.iam.Role(
        "nodes",
        {
            namePrefix: `${prefix}-nodes-`,
            description: "EKS nodes of the platform cluster",
            assumeRolePolicy: serviceTrust("ec2.amazonaws.com"),
        },
        infra(),
    );
    // https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html — the CNI policy stays on
    // the node role: aws-node needs it before any pod (and so any workload identity) can start.
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"].map(
        (policy) => new aws.iam.RolePolicyAttachment(`nodes-${policy}`, { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` }, infra({ parent: role })),
    );
    return { role, attachments };
}

/**
 * Lets EC2 Auto Scaling, which launches the nodes of managed node groups, use the platform key for
 * their volumes. Its service-linked role cannot be given IAM policies and the key policy admits
 * IAM principals of the account only, so the documented way is a grant:
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html,
 * https://repost.aws/knowledge-center/kms-launch-ec2-instance.
 *
 * The grant is made before any node group exists, so before Auto Scaling would create its role on
 * its own: in an account that never used Auto Scaling the grantee does not exist and CreateGrant
 * fails. `createServiceLinkedRole` creates the role first (the grant then names the role's output);
 * otherwise it must exist already (`aws iam create-service-linked-role --aws-service-name
 * autoscaling.amazonaws.com`). Creating it where it exists fails ("has been taken in this account"),
 * hence a setting rather than always.
 */
export function autoScalingKeyGrant(
    self: pulumi.ComponentResource,
    ctx: PlatformContext,
    provider: pulumi.ProviderResource,
    key: KeyRef,
    partition: pulumi.Output<string>,
    accountId: pulumi.Output<string>,
    createServiceLinkedRole: boolean,
): aws.kms.Grant {
    // Account-wide and used by every Auto Scaling group of the account: kept when the stack goes, in
    // every environment — the one child retained outside dataOptions' rule, so it says so here.
    const role = createServiceLinkedRole
        ? new aws.iam.ServiceLinkedRole(
              "autoscaling",
              { awsServiceName: "autoscaling.amazonaws.com", description: "EC2 Auto Scaling (created by the ai-data-platform stack for its node volumes' key grant)" },
              { ...dataOptions(self, provider, ctx), retainOnDelete: true },
          )
        : undefined;
    return new aws.kms.Grant(
        "node-volumes",
        {
            keyId: key.resourceId,
            granteePrincipal: role?.arn ?? pulumi.interpolate`arn:${partition}:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
            operations: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "CreateGrant"],
        },
        infraOptions(self, provider, ctx),
    );
}

/** A managed node group with its launch template, as a child of `parent`. */
export function managedNodeGroup(parent: pulumi.Resource, nodes: NodeGroupContext, name: string, spec: NodeGroupSpec): aws.eks.NodeGroup {
    const { ctx, provider } = nodes;
    // Not data-bearing: a cloud swap deletes node groups with the cluster.
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);
    const instanceTags = { ...ctx.tags, Name: `${ctx.stack}-${name}`, "ai-data-platform/node-group": name };
    const template = new aws.ec2.LaunchTemplate(
        name,
        {
            description: `${ctx.project}/${ctx.stack}: nodes of ${name}`,
            updateDefaultVersion: true,
            blockDeviceMappings: [
                {
                    // The root device of the AL2023 EKS AMIs.
                    deviceName: "/dev/xvda",
                    ebs: { volumeSize: spec.diskGiB, volumeType: "gp3", encrypted: "true", kmsKeyId: nodes.key.id, deleteOnTermination: "true" },
                },
            ],
            // IMDSv2 only, one hop: pods (one hop further) cannot reach the node's credentials and must
            // use workload identity. https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
            // Instances launched by Auto Scaling carry only these tags (the provider's default tags do not reach them).
            tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: instanceTags })),
        },
        infra(),
    );
    return new aws.eks.NodeGroup(
        name,
        {
            clusterName: nodes.clusterName,
            version: nodes.version,
            nodeRoleArn: nodes.nodeRoleArn,
            subnetIds: spec.subnetIds ?? nodes.subnetIds,
            instanceTypes: [spec.instanceType],
            amiType: spec.amiType,
            capacityType: spec.spot ? "SPOT" : "ON_DEMAND",
            scalingConfig: { minSize: spec.minNodes, maxSize: spec.maxNodes, desiredSize: spec.minNodes },
            labels: { ...spec.labels },
            taints: spec.taints.map((t) => ({ key: t.key, value: t.value, effect: eksEffect[t.effect] })),
            launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
            updateConfig: { maxUnavailable: 1 },
            tags: { "ai-data-platform/node-group": name },
        },
        infra({
            dependsOn: [...nodes.prerequisites],
            // The Cluster Autoscaler owns the desired size between min and max.
            ignoreChanges: ["scalingConfig.desiredSize"],
        }),
    );
}
