// The AWS-only keys of the `ai-data-platform:kubernetes` section (stacks/config/sections/kubernetes.ts),
// in a file without the AWS SDK so the config check can import it.

export interface AwsKubernetesSettings {
    /**
     * IAM roles or users made cluster admins: an EKS access entry each, with AmazonEKSClusterAdminPolicy
     * on the whole cluster. The identity that creates the cluster is an admin already (and may not be
     * listed: EKS takes one access entry per principal).
     */
    readonly adminPrincipalArns: readonly string[];
    /**
     * Create the account's Auto Scaling service-linked role, which the key grant for node volumes names.
     * It exists once the account has used EC2 Auto Scaling; creating it again fails, so one stack per
     * account at most sets this.
     */
    readonly createAutoscalingServiceLinkedRole: boolean;
}

export const awsKubernetesDefaults: AwsKubernetesSettings = { adminPrincipalArns: [], createAutoscalingServiceLinkedRole: false };

/**
 * An IAM role (with or without a path) or user ARN, the principals a STANDARD access entry takes.
 * An STS session (`assumed-role`) is refused by EKS: "You can't use the STS session principal type
 * with access entries" (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html).
 */
export const iamPrincipalArnPattern = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;
