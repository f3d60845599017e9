import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { infraOptions } from "../shared/options";

export interface BoundServiceAccountArgs {
    readonly ctx: Pick<PlatformContext, "retainData">;
    readonly namespace: string;
    readonly serviceAccount: string;
    /** How the cloud's workload identity recognizes the account (role, Google account, client id). */
    readonly annotations: Readonly<Record<string, pulumi.Input<string>>>;
    /** The cluster's Kubernetes provider. */
    readonly provider: k8s.Provider;
    /** The cloud identity, its trust, its grants and the namespace: pods of the account must not start before them. */
    readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * The Kubernetes side of a workload identity, the same on every cloud: the service account, marked
 * for the cloud, created only once the identity it stands for (and its namespace) can be used.
 */
export function boundServiceAccount(parent: pulumi.Resource, name: string, args: BoundServiceAccountArgs): k8s.core.v1.ServiceAccount {
    return new k8s.core.v1.ServiceAccount(
        name,
        {
            metadata: {
                name: args.serviceAccount,
                namespace: args.namespace,
                labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "ai-data-platform" },
                annotations: { ...args.annotations },
            },
        },
        // Identities are not data: a cloud swap deletes them with the cluster.
        infraOptions(parent, args.provider, args.ctx, { dependsOn: [...args.dependsOn] }),
    );
}
