import * as pulumi from "@pulumi/pulumi";

/**
 * A cloud identity a workload runs as: what access grants attach to. The Kubernetes component of
 * each cloud creates one per workload (IAM role, Google service account, managed identity).
 */
export type CloudPrincipal =
    | { readonly cloud: "aws"; readonly roleName: pulumi.Output<string>; readonly roleArn: pulumi.Output<string> }
    | { readonly cloud: "gcp"; readonly email: pulumi.Output<string>; readonly member: pulumi.Output<string> }
    | { readonly cloud: "azure"; readonly principalId: pulumi.Output<string> };

/**
 * Access to one resource of the platform, made by the capability that owns the resource (it alone
 * knows its cloud's roles and resource names) and attached by whoever creates the identity. This
 * keeps the two apart: the lake does not know about Kubernetes, the cluster does not know IAM for
 * buckets or topics.
 */
export interface AccessGrant {
    /** What is granted, for people: `read-write on s3://bucket`. */
    readonly description: string;
    /**
     * Creates the IAM/role resources that give `principal` this access, named after `name`, with
     * `opts` (parent, provider, retention). Must be given a principal of the grant's own cloud.
     */
    attach(principal: CloudPrincipal, name: string, opts: pulumi.CustomResourceOptions): pulumi.Resource[];
}

export type LakeAccess = "read" | "read-write";
export type TopicAccess = "produce" | "consume";

/** The principal of one cloud, or a clear error when a grant of another cloud is attached to it. */
export function principalOf<C extends CloudPrincipal["cloud"]>(principal: CloudPrincipal, cloud: C): Extract<CloudPrincipal, { cloud: C }> {
    if (principal.cloud !== cloud) {
        throw new Error(`a ${cloud} grant cannot be attached to a ${principal.cloud} identity`);
    }
    return principal as Extract<CloudPrincipal, { cloud: C }>;
}
