import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { PlatformContext } from "../shared/context";
import { EnvironmentProfile } from "../shared/profile";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";

// The EKS control plane as resources of the program: what @pulumi/eks 4.3.0's Cluster made for the
// arguments this platform gave it (its service role, the aws.eks.Cluster; kube-proxy is in aws.ts
// with the other add-ons). eks.Cluster is a remote component: its inputs never reach stack policies
// under the CLI and its children do not exist offline, so the offline plan and `pulumi preview`
// judged different things. Declared here, both see these same resources.

/** Control-plane log types: audit always; the rest where the profile wants every log (prod, where an incident needs them). */
export function controlPlaneLogTypes(profile: Pick<EnvironmentProfile, "fullControlPlaneLogs">): string[] {
    return profile.fullControlPlaneLogs ? ["api", "audit", "authenticator", "controllerManager", "scheduler"] : ["audit", "authenticator"];
}

/** Days the control plane's logs are kept: the profile's log retention. */
export function controlPlaneLogDays(profile: Pick<EnvironmentProfile, "logRetentionDays">): number {
    return profile.logRetentionDays;
}

/**
 * What EKS does when the cluster's version leaves standard support (14 months after its EKS release;
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). Stated because the
 * API's default is EXTENDED, which bills extended support silently.
 * - without `extendedClusterSupport` (dev): STANDARD — EKS upgrades the control plane itself at the end of standard support, no extended
 *   support charge; the next `pulumi up` must then name the new version (runbook).
 * - with it (prod): EXTENDED — the upgrade stays in the operator's hands, in a change window, with node groups,
 *   add-ons and the Cluster Autoscaler moved with it; the price is the extended-support fee while a
 *   version lingers, which kubernetes-minimum-version and the version table (aws-limits.ts) bound.
 */
export function eksSupportType(profile: Pick<EnvironmentProfile, "extendedClusterSupport">): "STANDARD" | "EXTENDED" {
    return profile.extendedClusterSupport ? "EXTENDED" : "STANDARD";
}

export interface ControlPlaneArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly partition: pulumi.Output<string>;
    /** The cluster's physical name (fixed: its log group is named after it). */
    readonly name: string;
    /** The stack's physical-name prefix (`adp-prod`): the role's name starts with it. */
    readonly prefix: string;
    readonly version: string;
    /** The control plane's network interfaces go into these (the private subnets). */
    readonly subnetIds: pulumi.Input<string>[];
    /** Clients of a public endpoint; empty: private endpoint only. */
    readonly apiAllowedCidrs: readonly string[];
    readonly serviceRange: string;
    /** Encrypts Kubernetes secrets and the control plane's logs. */
    readonly key: KeyRef;
}

export interface ControlPlane {
    readonly cluster: aws.eks.Cluster;
    readonly role: aws.iam.Role;
}

export function controlPlane(self: pulumi.ComponentResource, args: ControlPlaneArgs): ControlPlane {
    const { ctx, provider, key, name } = args;
    // Not data-bearing: a cloud swap (or removing the platform) deletes the cluster and its parts.
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);

    // Replaced only when its name changes (name, namePrefix and logGroupClass are a log group's only
    // ForceNew arguments), so its fixed name never collides with itself.
    // Created before the cluster so EKS writes into it (instead of creating one that never expires,
    // encrypted with nothing but the service default). Audit logs are evidence: kept in prod even
    // when the cluster goes. https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
    const logGroup = new aws.cloudwatch.LogGroup(
        "control-plane",
        { name: `/aws/eks/${name}/cluster`, retentionInDays: controlPlaneLogDays(ctx.profile), kmsKeyId: key.id },
        dataOptions(self, provider, ctx),
    );

    // The role EKS manages the cluster with: trusted by eks.amazonaws.com for sts:AssumeRole and
    // sts:TagSession, with AmazonEKSClusterPolicy only (@pulumi/eks adds the compute, storage,
    // load-balancing and networking policies for Auto Mode only, which this cluster does not use).
    // https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
    const role = new aws.iam.Role(
        "control-plane",
        {
            namePrefix: `${args.prefix}-cluster-`,
            description: "EKS control plane of the platform cluster",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
            }),
        },
        infra(),
    );
    const clusterPolicy = new aws.iam.RolePolicyAttachment(
        "control-plane-AmazonEKSClusterPolicy",
        { role: role.name, policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/AmazonEKSClusterPolicy` },
        infra(),
    );
    const keyAccess = secretsKeyAccess(role, key, infra);

    const publicApi = args.apiAllowedCidrs.length > 0;
    const cluster = new aws.eks.Cluster(
        "cluster",
        {
            name,
            version: args.version,
            roleArn: role.arn,
            vpcConfig: {
                subnetIds: args.subnetIds,
                // Nodes always reach the API privately; the public endpoint exists only for the listed
                // clients (EKS refuses publicAccessCidrs without public access, so they go together).
                // No security group of ours: nodes and the control plane share the one EKS creates.
                endpointPrivateAccess: true,
                endpointPublicAccess: publicApi,
                ...(publicApi ? { publicAccessCidrs: [...args.apiAllowedCidrs] } : {}),
            },
            // Access entries only. The identity that creates the cluster is its first admin (kept: the
            // setting cannot change without a new cluster); more admins: kubernetes.adminPrincipalArns.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            upgradePolicy: { supportType: eksSupportType(ctx.profile) },
            // Envelope encryption of Kubernetes secrets with the platform key (secretsKeyAccess below).
            encryptionConfig: { provider: { keyArn: key.id }, resources: ["secrets"] },
            enabledClusterLogTypes: controlPlaneLogTypes(ctx.profile),
            kubernetesNetworkConfig: { serviceIpv4Cidr: args.serviceRange, ipFamily: "ipv4" },
            // EKS installs its self-managed CNI, kube-proxy and CoreDNS at creation, as under
            // @pulumi/eks; the managed add-ons in aws.ts take them over (OVERWRITE).
            bootstrapSelfManagedAddons: true,
            tags: { Name: name },
        },
        // The name is fixed (the log group is named after it), so a replacement must delete the old
        // cluster first: EKS refuses a second cluster of the same name. The role must hold its
        // policies before EKS assumes it, and the log group must exist before EKS would make one.
        infra({ dependsOn: [logGroup, clusterPolicy, keyAccess], deleteBeforeReplace: true }),
    );
    return { cluster, role };
}

/**
 * The control plane's role may use the platform key. At creation EKS makes a KMS grant for the role
 * with the permissions of the identity creating the cluster (kms:CreateGrant and kms:DescribeKey on
 * the key, which the key policy gives the account's IAM principals); this policy keeps the role's
 * own access explicit, as terraform-aws-modules/eks grants its cluster role ("cluster_encryption" in
 * https://github.com/terraform-aws-modules/terraform-aws-eks/blob/master/main.tf).
 * https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
 */
function secretsKeyAccess(role: aws.iam.Role, key: KeyRef, infra: (extra?: ExtraOptions) => pulumi.CustomResourceOptions): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
        "control-plane-secrets-key",
        {
            role: role.name,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: key.resourceId }],
            }),
        },
        infra(),
    );
}
