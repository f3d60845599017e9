import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";

/** Where gcloud tells users to get the plugin; kubectl prints it when the plugin is missing. */
export const authPluginInstallHint =
    "Install gke-gcloud-auth-plugin for use with kubectl by following " +
    "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin";

export interface KubeconfigArgs {
    readonly project: string;
    readonly location: pulumi.Input<string>;
    readonly clusterName: pulumi.Input<string>;
    /** `https://...` of the control plane's DNS-based endpoint. */
    readonly server: pulumi.Input<string>;
}

/**
 * A kubeconfig as `gcloud container clusters get-credentials --dns-endpoint` writes it: no token or
 * certificate in it; kubectl (and the Pulumi Kubernetes provider, which uses client-go) run
 * gke-gcloud-auth-plugin, which exchanges the caller's Application Default Credentials for a
 * short-lived token. GKE no longer accepts the in-tree gcp auth provider (since 1.26). No cluster CA
 * either: the DNS-based endpoint (`*.gke.goog`) is served by Google's front end with a publicly
 * trusted certificate, which the cluster's own CA did not sign, so the system's trust store verifies it.
 * https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl
 */
export function gkeKubeconfig(a: KubeconfigArgs): pulumi.Output<string> {
    return pulumi.all([a.location, a.clusterName, a.server]).apply(([location, name, server]) => {
        // The context name gcloud uses, so a user's own `get-credentials` lands on the same entry.
        const context = `gke_${a.project}_${location}_${name}`;
        return stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: context, cluster: { server } }],
            contexts: [{ name: context, context: { cluster: context, user: context } }],
            "current-context": context,
            preferences: {},
            users: [
                {
                    name: context,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "gke-gcloud-auth-plugin",
                            installHint: authPluginInstallHint,
                            provideClusterInfo: true,
                            interactiveMode: "IfAvailable",
                        },
                    },
                },
            ],
        });
    });
}
