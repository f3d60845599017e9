import * as gcp from "../shared/sdk/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { CloudPrincipal } from "../shared/grants";
import { ExtraOptions, infraOptions } from "../shared/options";
import { boundServiceAccount } from "./service-account";
import { platformNamespace, WorkloadIdentity, WorkloadIdentitySpec } from "./contract";

/** Annotation GKE's metadata server reads to know which Google service account a KSA acts as. */
export const gsaAnnotation = "iam.gke.io/gcp-service-account";

const accountIdMax = 30;

/**
 * A Google service account id (6-30 characters, lowercase letters, digits and hyphens, starting with
 * a letter) for a workload: `adp-<stack>-<name>`, cut to 30 with a short hash of the whole when
 * longer, so two long names stay apart and the same name always gives the same id.
 * https://cloud.google.com/iam/docs/service-accounts-create#creating
 */
export function serviceAccountId(ctx: Pick<PlatformContext, "stack">, name: string): string {
    const full = `${namePrefix(ctx)}-${name}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/-$/, "");
    if (full.length <= accountIdMax) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, accountIdMax - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** The Workload Identity pool of a project: every GKE cluster with Workload Identity in it shares it. */
export function workloadPool(project: string): string {
    return `${project}.svc.id.goog`;
}

/** The IAM member a Kubernetes service account is seen as: `serviceAccount:PROJECT.svc.id.goog[ns/ksa]`. */
export function kubernetesServiceAccountMember(project: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${workloadPool(project)}[${namespace}/${serviceAccount}]`;
}

export interface GcpIdentityDeps {
    readonly ctx: PlatformContext;
    /** The primary region's GCP provider. */
    readonly provider: pulumi.ProviderResource;
    /** The cluster's Kubernetes provider. */
    readonly kubernetes: k8s.Provider;
    /**
     * The cluster whose creation brings the project's Workload Identity pool into existence: a
     * binding naming the pool fails with "Identity Pool does not exist" before it. (See
     * https://github.com/terraform-google-modules/terraform-google-kubernetes-engine/issues/916.)
     */
    readonly cluster: pulumi.Resource;
}

/**
 * GKE Workload Identity Federation with a Google service account: the Kubernetes service account
 * `namespace/serviceAccount` (and nothing else) may impersonate a new Google service account, which
 * holds the grants. The KSA carries the annotation naming it, and the node pools run the GKE
 * metadata server (workloadMetadataConfig GKE_METADATA), which hands the pod that account's tokens.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity#kubernetes-sa-to-iam
 */
export function bindGcpWorkloadIdentity(deps: GcpIdentityDeps, name: string, spec: WorkloadIdentitySpec, parent: pulumi.Resource): WorkloadIdentity {
    const { ctx, provider } = deps;
    const project = gcpProjectOf(ctx);
    const namespace = spec.namespace ?? platformNamespace;
    // Identities are not data: a cloud swap deletes them with the cluster.
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);

    const account = new gcp.serviceaccount.Account(
        name,
        {
            project,
            accountId: serviceAccountId(ctx, name),
            displayName: `${namespace}/${spec.serviceAccount} on ${ctx.project}/${ctx.stack}`,
            description: `Workload identity of the Kubernetes service account ${namespace}/${spec.serviceAccount}: ${spec.grants.map((g) => g.description).join("; ") || "no grants"}`,
        },
        infra(),
    );
    const impersonation = new gcp.serviceaccount.IAMMember(
        `${name}-workload-identity`,
        {
            serviceAccountId: account.name,
            role: "roles/iam.workloadIdentityUser",
            member: kubernetesServiceAccountMember(project, namespace, spec.serviceAccount),
        },
        infra({ dependsOn: [deps.cluster] }),
    );

    const principal: CloudPrincipal = { cloud: "gcp", email: account.email, member: account.member };
    const grants = spec.grants.flatMap((grant, i) => grant.attach(principal, `${name}-grant-${i}`, infra()));

    const serviceAccount = boundServiceAccount(parent, name, {
        ctx,
        namespace,
        serviceAccount: spec.serviceAccount,
        annotations: { [gsaAnnotation]: account.email },
        provider: deps.kubernetes,
        dependsOn: [impersonation, ...grants, ...(spec.dependsOn ?? [])],
    });
    return { serviceAccountName: serviceAccount.metadata.name, namespace, podLabels: {} };
}
