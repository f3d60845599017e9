import { parse, stringify } from "yaml";
import { aksEntraServerAppId } from "./azure-limits";

/**
 * The kubeconfig the Kubernetes provider (and an operator) uses for an AKS cluster with Entra ID
 * authentication and local accounts disabled, made from the user credentials AKS returns in `exec`
 * format: the same cluster and CA, with a user that asks kubelogin for a token from the Azure CLI
 * login (`az login`, or `az login --service-principal`/`--federated-token` in CI) instead of the
 * interactive device-code flow AKS writes by default. This is what `kubelogin convert-kubeconfig -l
 * azurecli` produces. https://learn.microsoft.com/azure/aks/kubelogin-authentication
 */
export function entraKubeconfig(aksKubeconfig: string): string {
    const config = parse(aksKubeconfig) as KubeConfig;
    if (!config || !Array.isArray(config.users) || !config.users.length || !Array.isArray(config.clusters) || !config.clusters.length) {
        throw new Error("AKS returned a kubeconfig without clusters or users");
    }
    const users = config.users.map((u) => ({
        name: u.name,
        user: {
            exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "kubelogin",
                args: ["get-token", "--login", "azurecli", "--server-id", argument(u.user?.exec?.args, "--server-id") ?? aksEntraServerAppId],
                env: null,
                provideClusterInfo: false,
            },
        },
    }));
    return stringify({ ...config, users });
}

interface KubeConfig {
    clusters?: unknown[];
    users?: { name: string; user?: { exec?: { args?: string[] } } }[];
    [key: string]: unknown;
}

function argument(args: string[] | undefined, flag: string): string | undefined {
    const at = args?.indexOf(flag) ?? -1;
    return at >= 0 ? args?.[at + 1] : undefined;
}
