import * as aws from "../shared/sdk/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { platformNamespace, WorkloadIdentity, WorkloadIdentitySpec } from "./contract";
import { boundServiceAccount } from "./service-account";

/** What binding a service account to an IAM role needs from the cluster. */
export interface PodIdentityContext {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly kubernetes: k8s.Provider;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    readonly accountId: pulumi.Output<string>;
    readonly prefix: string;
    /** The Pod Identity agent add-on: credentials reach pods only once it runs. */
    readonly agent: pulumi.Resource;
}

/**
 * EKS Pod Identity: an IAM role that only the EKS Auth service may assume, and only for the one
 * service account of this cluster (the session tags Pod Identity sets are checked in the trust
 * policy), an association of the role with that service account, and the service account itself.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html (the session tags).
 */
export function bindPodIdentity(ids: PodIdentityContext, name: string, spec: WorkloadIdentitySpec, parent: pulumi.Resource): WorkloadIdentity {
    const namespace = spec.namespace ?? platformNamespace;
    const { ctx, provider } = ids;
    // Identities are not data: a cloud swap deletes them.
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);
    const role = new aws.iam.Role(
        name,
        {
            // IAM allows 38 characters of prefix; the random suffix keeps replacements apart.
            namePrefix: `${`${ids.prefix}-${name}`.slice(0, 37)}-`,
            description: `Pod Identity of ${namespace}/${spec.serviceAccount}`,
            assumeRolePolicy: trustPolicy(ids, namespace, spec.serviceAccount),
        },
        infra(),
    );
    const principal = { cloud: "aws" as const, roleName: role.name, roleArn: role.arn };
    spec.grants.forEach((grant, i) => grant.attach(principal, `${name}-${i}`, infra({ parent: role })));
    const association = new aws.eks.PodIdentityAssociation(
        name,
        { clusterName: ids.clusterName, namespace, serviceAccount: spec.serviceAccount, roleArn: role.arn },
        infra({ parent: role }),
    );
    const account = boundServiceAccount(parent, name, {
        ctx,
        namespace,
        serviceAccount: spec.serviceAccount,
        // For people: the role Pod Identity hands this account's pods (the association is what counts).
        annotations: { "ai-data-platform/aws-role-arn": role.arn },
        provider: ids.kubernetes,
        // Pods of this account created before the association would start without credentials.
        dependsOn: [association, ids.agent, ...(spec.dependsOn ?? [])],
    });
    return { serviceAccountName: account.metadata.name, namespace, podLabels: {} };
}

function trustPolicy(ids: PodIdentityContext, namespace: string, serviceAccount: string): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PodIdentityOfOneServiceAccount",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": ids.accountId,
                        "aws:RequestTag/eks-cluster-arn": ids.clusterArn,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    });
}
