import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { PlatformContext } from "../shared/context";
import { ExtraOptions, infraOptions } from "../shared/options";

/**
 * Cluster admins besides the identity that created the cluster (which EKS makes an admin through
 * `bootstrapClusterCreatorAdminPermissions`): an access entry per IAM principal and the
 * AmazonEKSClusterAdminPolicy access policy on the whole cluster, so whoever runs the next
 * `pulumi up` (CI's role, an engineer's role) can manage the Kubernetes resources too.
 * https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html
 *
 * Resource names derive from the ARN, not the list position: removing one principal then touches
 * its own entry only (an entry's principal cannot change, and EKS refuses a second entry for it).
 */
export function clusterAdmins(
    self: pulumi.ComponentResource,
    ctx: PlatformContext,
    provider: pulumi.ProviderResource,
    clusterName: pulumi.Output<string>,
    partition: pulumi.Output<string>,
    principalArns: readonly string[],
): aws.eks.AccessPolicyAssociation[] {
    // Not data-bearing: a cloud swap deletes them with the cluster.
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    return principalArns.map((principalArn) => {
        const name = adminResourceName(principalArn);
        const entry = new aws.eks.AccessEntry(name, { clusterName, principalArn, type: "STANDARD" }, infra());
        return new aws.eks.AccessPolicyAssociation(
            name,
            {
                clusterName,
                // The entry's output: the association waits for the entry EKS requires first.
                principalArn: entry.principalArn,
                policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                accessScope: { type: "cluster" },
            },
            infra({ parent: entry }),
        );
    });
}

/** `admin-<role or user name>-<8 hex of the ARN>`: readable, and distinct for the same name in two accounts. */
export function adminResourceName(principalArn: string): string {
    const short = principalArn.split("/").pop()!.replace(/[^A-Za-z0-9-]/g, "-");
    return `admin-${short}-${createHash("sha256").update(principalArn).digest("hex").slice(0, 8)}`;
}
