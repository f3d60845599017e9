import * as aws from "../../components/shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";

// Small EKS setups for policy tests, declared with the real SDK classes: aws.eks.Cluster and
// aws.eks.NodeGroup, as the platform declares them and as the CLI sends the children of a
// @pulumi/eks component.

export function provider(region = "us-east-1"): aws.Provider {
    return new aws.Provider(region, { region });
}

export interface ClusterSpec {
    /** false: private endpoint only; a list: public to those CIDRs; "default": EKS's default (public, publicAccessCidrs left unset). */
    readonly publicApi?: false | string[] | "default";
    /** A KMS key of the program, an ARN given as text, or no secrets encryption. */
    readonly secretsKey?: "program-key" | "text-arn" | "none";
    readonly logTypes?: string[];
    /** Explicitly undefined: not pinned. */
    readonly version?: string;
}

export const compliantCluster: Required<Omit<ClusterSpec, "version">> & { version: string } = {
    publicApi: false,
    secretsKey: "program-key",
    logTypes: ["api", "audit", "authenticator"],
    version: "1.35",
};

/** An aws.eks.Cluster with access entries; `opts` can make it a child of a component. */
export function eksCluster(name: string, spec: ClusterSpec, p: aws.Provider, opts: pulumi.CustomResourceOptions = {}): aws.eks.Cluster {
    const s = { ...compliantCluster, ...spec };
    const key =
        s.secretsKey === "program-key"
            ? new aws.kms.Key(`${name}-secrets`, { enableKeyRotation: true }, { provider: p }).arn
            : s.secretsKey === "text-arn"
              ? "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
              : undefined;
    const endpoint =
        s.publicApi === "default" ? {} : s.publicApi === false ? { endpointPrivateAccess: true, endpointPublicAccess: false } : { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: s.publicApi };
    return new aws.eks.Cluster(
        name,
        {
            name,
            roleArn: "arn:aws:iam::123456789012:role/eks",
            ...(s.version ? { version: s.version } : {}),
            vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], ...endpoint },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            ...(key ? { encryptionConfig: { provider: { keyArn: key }, resources: ["secrets"] } } : {}),
            enabledClusterLogTypes: s.logTypes,
        },
        { provider: p, ...opts },
    );
}

export interface NodeGroupSpec {
    readonly instanceType?: string;
    readonly amiType?: string;
    readonly taint?: boolean;
    readonly minNodes?: number;
    readonly spot?: boolean;
    /** program-key: launch template encrypted with a KMS key of the program; aws-key: encrypted with the EBS default key; unencrypted template; no template at all. */
    readonly disk?: "program-key" | "aws-key" | "unencrypted" | "no-template";
    readonly opts?: pulumi.CustomResourceOptions;
}

export const compliantGpuGroup: NodeGroupSpec = { instanceType: "g4dn.xlarge", amiType: "AL2023_x86_64_NVIDIA", taint: true, minNodes: 0, spot: true, disk: "program-key" };

function launchTemplate(name: string, disk: NodeGroupSpec["disk"], p: aws.Provider): aws.ec2.LaunchTemplate | undefined {
    if (disk === "no-template") {
        return undefined;
    }
    const key = disk === "program-key" ? new aws.kms.Key(`${name}-volumes`, { enableKeyRotation: true }, { provider: p }).arn : undefined;
    return new aws.ec2.LaunchTemplate(
        name,
        { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100, encrypted: disk === "unencrypted" ? "false" : "true", ...(key ? { kmsKeyId: key } : {}) } }] },
        { provider: p },
    );
}

/** An aws.eks.NodeGroup (what the platform declares), with a launch template of its own; `spec.opts` can make it a child of a component. */
export function nodeGroup(name: string, spec: NodeGroupSpec, p: aws.Provider): aws.eks.NodeGroup {
    const s = { ...compliantGpuGroup, ...spec };
    const lt = launchTemplate(name, s.disk, p);
    return new aws.eks.NodeGroup(
        name,
        {
            clusterName: "fixture",
            nodeRoleArn: "arn:aws:iam::123456789012:role/nodes",
            subnetIds: ["subnet-1", "subnet-2"],
            instanceTypes: [s.instanceType!],
            amiType: s.amiType,
            capacityType: s.spot ? "SPOT" : "ON_DEMAND",
            scalingConfig: { minSize: s.minNodes!, maxSize: 4, desiredSize: s.minNodes! },
            taints: s.taint ? [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }] : [],
            ...(lt ? { launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) } } : {}),
        },
        { provider: p, ...s.opts },
    );
}

/**
 * A @pulumi/eks component as a stack policy sees it under the CLI: a component of that type, none
 * of its inputs, and the AWS resources it creates as its children (given `{ parent }` of this).
 */
export function eksComponent(name: string, type = "eks:index:Cluster"): pulumi.ComponentResource {
    return new pulumi.ComponentResource(type, name, {});
}
