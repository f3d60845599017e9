import { Answer, offlineAccount, regionOf } from "./common";

/**
 * The user kubeconfig AKS returns for a cluster with Entra ID integration when asked for the `exec`
 * format: the API server and its CA, and a kubelogin device-code user. The CA is a placeholder; nothing
 * connects offline. During a preview the invoke is not even made (the cluster does not exist yet).
 */
export function offlineAksKubeconfig(cluster: string, resourceGroup: string, region: string): string {
    const server = `https://${cluster}-dns-0a1b2c3d.hcp.${region}.azmk8s.io:443`;
    const user = `clusterUser_${resourceGroup}_${cluster}`;
    return [
        "apiVersion: v1",
        "clusters:",
        "- cluster:",
        `    certificate-authority-data: ${Buffer.from("offline placeholder CA").toString("base64")}`,
        `    server: ${server}`,
        `  name: ${cluster}`,
        "contexts:",
        "- context:",
        `    cluster: ${cluster}`,
        `    user: ${user}`,
        `  name: ${cluster}`,
        `current-context: ${cluster}`,
        "kind: Config",
        "preferences: {}",
        "users:",
        `- name: ${user}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      args:",
        "      - get-token",
        "      - --environment",
        "      - AzurePublicCloud",
        "      - --server-id",
        "      - 6dae42f8-4368-4678-94ff-3960e28e3630",
        "      - --client-id",
        "      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a",
        "      - --tenant-id",
        `      - ${offlineAccount.azureTenantId}`,
        "      - --login",
        "      - devicecode",
        "      command: kubelogin",
        "      env: null",
        "      installHint: |",
        "        kubelogin is not installed which is required to connect to AAD enabled cluster.",
        "      provideClusterInfo: false",
        "",
    ].join("\n");
}

export const azureKubernetesInvokes: Record<string, Answer> = {
    // containerservice.listManagedClusterUserCredentials, as AKS answers it: base64 kubeconfigs.
    "azure-native:containerservice:listManagedClusterUserCredentials": (inputs, ctx) => ({
        kubeconfigs: [
            {
                name: "clusterUser",
                value: Buffer.from(offlineAksKubeconfig(String(inputs.resourceName), String(inputs.resourceGroupName), regionOf(ctx))).toString("base64"),
            },
        ],
    }),
};
