import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as ipaddr from "ipaddr.js";
import { AzureNetworkHandle } from "../network/azure";
import { networkHandle } from "../network/contract";
import { resourceGroup } from "../shared/azure-groups";
import { assignRole, clientConfig, deployerPrincipalType } from "../shared/azure-roles";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { entraKubeconfig } from "./azure-kubeconfig";
import { secretsKey } from "./azure-kms";
import { aksSupportPlan, systemNodeSize, systemPoolName } from "./azure-limits";
import { ClusterHandle, CreateCluster, KubernetesImplementation, platformNamespace, WorkloadIdentity, WorkloadIdentitySpec } from "./contract";
import { boundServiceAccount } from "./service-account";

/** What Azure's GPU pools (and later Azure components) take from the cluster. */
export interface AzureClusterHandle extends ClusterHandle {
    readonly cloud: "azure";
    /** The primary region's azure-native provider. */
    readonly provider: pulumi.ProviderResource;
    readonly cluster: containerservice.ManagedCluster;
    /** The cluster's name; inputs built from it wait for the cluster. */
    readonly clusterName: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    /** The subnet every node pool joins. */
    readonly nodeSubnetId: pulumi.Output<string>;
    /** Availability zones node pools spread over (`1`, `2`, `3`). */
    readonly zones: string[];
    /** Kubernetes minor version node pools run. */
    readonly version: string;
}

/**
 * Control-plane logs sent to Log Analytics: the API server's audit log (every request, reads too),
 * Entra ID and Azure RBAC decisions (guard), and the cluster autoscaler, which explains GPU pools that
 * do (or do not) scale from zero. https://learn.microsoft.com/azure/aks/monitor-aks-reference#resource-logs
 */
export const controlPlaneLogCategories = ["kube-audit", "guard", "cluster-autoscaler"] as const;

// The audience Entra ID expects in a token exchanged for a managed identity's.
// https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster#create-the-federated-identity-credential
const workloadIdentityAudience = "api://AzureADTokenExchange";

/** The label and annotation AKS's workload identity webhook acts on. https://learn.microsoft.com/azure/aks/workload-identity-overview */
export const workloadIdentityLabel = "azure.workload.identity/use";
export const workloadIdentityClientIdAnnotation = "azure.workload.identity/client-id";

/**
 * AKS in the primary region with a system pool across the zones; CNI Overlay (Cilium dataplane) with
 * the plan's pod and service ranges; egress through the network's NAT gateway; the API server in the
 * VNet (API Server VNet Integration), private when no client range is allowed; Entra ID sign-in with
 * Azure RBAC and no local accounts; OIDC issuer and workload identity; Kubernetes secrets encrypted
 * with a Key Vault key; control-plane logs in Log Analytics; automatic patch upgrades.
 */
export const createCluster: CreateCluster = (self, args) => {
    const { ctx, keys, settings } = args;
    const net = networkHandle<AzureNetworkHandle>(args.network, "azure");
    const provider = args.providers.primary;
    const location = ctx.region;
    const tags = { ...ctx.tags };
    // The cluster, its identities and pools are not data-bearing: a cloud swap should delete them.
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    const client = clientConfig(self, provider);
    const group = resourceGroup(self, "kubernetes", { ctx, provider, capability: "kubernetes", region: location });

    const version = settings.version;
    const supportPlan = aksSupportPlan(version);
    if (!supportPlan) {
        throw new Error(`AKS does not offer Kubernetes ${version}; the config check should have refused it`);
    }

    // The control plane's identity. KMS needs a user-assigned one, since it must hold its role on the key
    // before the cluster exists. https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#limitations
    const identity = new managedidentity.UserAssignedIdentity("control-plane", { resourceGroupName: group.name, location, tags }, infra());
    const asControlPlane = (name: string, role: "networkContributor" | "keyVaultCryptoUser", scope: pulumi.Input<string>, parent: pulumi.Resource) =>
        assignRole(self, name, { ctx, provider, subscriptionId: client.subscriptionId, role, principalId: identity.principalId, principalType: "ServicePrincipal", scope }, infraOptions, { parent });
    // The cluster identity joins nodes to the node subnet and the API server to its own subnet.
    // https://learn.microsoft.com/azure/aks/api-server-vnet-integration#create-a-managed-identity-and-give-it-permissions-on-the-virtual-network
    const subnetGrants = [
        asControlPlane("control-plane-node-subnet", "networkContributor", net.nodeSubnet.id, identity),
        asControlPlane("control-plane-apiserver-subnet", "networkContributor", net.apiServerSubnet.id, identity),
    ];
    const kmsKey = secretsKey(self, ctx, keys.primary, provider);
    // Encrypt and decrypt with that one key, nothing else in the vault.
    // https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#assign-permissions-to-decrypt-and-encrypt-a-public-key-vault
    const kmsGrant = asControlPlane("control-plane-kms-key", "keyVaultCryptoUser", kmsKey.id, kmsKey);
    // AKS checks all three when it creates the cluster; role assignments take minutes to apply.
    const grantsReady = afterPropagation("control-plane-grants", [...subnetGrants, kmsGrant], "azure", identity);

    // Audit logs outlive the cluster: data-bearing, retained in prod (dataOptions).
    const workspace = new operationalinsights.Workspace(
        "cluster-logs",
        {
            resourceGroupName: group.name,
            location,
            sku: { name: "PerGB2018" },
            // Interactive retention, 4 to 730 days: a year of audit trail in prod, the free 30 days in dev.
            // https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure
            retentionInDays: ctx.profile.logRetentionDays,
            // Entra ID only: diagnostic settings and agents need no workspace keys.
            features: { disableLocalAuth: true },
            tags,
        },
        dataOptions(self, provider, ctx),
    );

    const cidrs = settings.apiAllowedCidrs;
    const privateApi = cidrs.length === 0;
    const openApi = cidrs.some((c) => c.endsWith("/0"));
    const cluster = new containerservice.ManagedCluster(
        "cluster",
        {
            resourceGroupName: group.name,
            location,
            dnsPrefix: namePrefix(ctx),
            kubernetesVersion: version,
            // Versions past community support run on LTS, which AKS offers on the Premium tier only; prod
            // otherwise takes the Standard tier for the API server's uptime SLA, dev the Free one.
            // https://learn.microsoft.com/azure/aks/long-term-support#enable-long-term-support
            // https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers
            sku: { name: "Base", tier: supportPlan === "AKSLongTermSupport" ? "Premium" : ctx.profile.clusterUptimeSla ? "Standard" : "Free" },
            supportPlan,
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            // Entra ID sign-in, Kubernetes authorization by Azure RBAC, no static admin credentials.
            // https://learn.microsoft.com/azure/aks/manage-azure-rbac
            aadProfile: { managed: true, enableAzureRBAC: true, tenantID: client.tenantId },
            disableLocalAccounts: true,
            enableRBAC: true,
            oidcIssuerProfile: { enabled: true },
            securityProfile: {
                workloadIdentity: { enabled: true },
                azureKeyVaultKms: { enabled: true, keyId: kmsKey.keyUriWithVersion, keyVaultNetworkAccess: "Public" },
            },
            apiServerAccessProfile: {
                // The API server sits behind an internal load balancer in its own subnet: nodes reach it
                // inside the VNet, whatever clients are allowed from outside.
                // https://learn.microsoft.com/azure/aks/api-server-vnet-integration
                enableVnetIntegration: true,
                subnetId: net.apiServerSubnet.id,
                enablePrivateCluster: privateApi,
                // An empty list allows every client; so does a /0, which is written that way.
                ...(privateApi ? {} : { authorizedIPRanges: openApi ? [] : [...cidrs] }),
            },
            // A public API is stated as such (Azure's default): with ranges that admit every client, the
            // policy pack needs it, and a preview shows a setting left out as unknown.
            ...(privateApi ? {} : { publicNetworkAccess: "Enabled" }),
            networkProfile: {
                networkPlugin: "azure",
                networkPluginMode: "overlay",
                networkDataplane: "cilium",
                networkPolicy: "cilium",
                podCidr: args.network.podRange,
                serviceCidr: args.network.serviceRange,
                dnsServiceIP: dnsServiceIp(args.network.serviceRange),
                outboundType: "userAssignedNATGateway",
                loadBalancerSku: "standard",
            },
            agentPoolProfiles: [
                {
                    name: systemPoolName,
                    mode: "System",
                    type: "VirtualMachineScaleSets",
                    osType: "Linux",
                    osSKU: "Ubuntu",
                    vmSize: settings.systemNodes.machineType ?? systemNodeSize[ctx.environment],
                    orchestratorVersion: version,
                    availabilityZones: net.zones,
                    vnetSubnetID: net.nodeSubnet.id,
                    enableAutoScaling: true,
                    minCount: settings.systemNodes.minNodes,
                    maxCount: settings.systemNodes.maxNodes,
                    count: settings.systemNodes.minNodes,
                    // Temp disks and disk caches encrypted on the host, not only the managed OS disk.
                    // https://learn.microsoft.com/azure/aks/enable-host-encryption
                    enableEncryptionAtHost: true,
                    tags,
                },
            ],
            autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
            tags,
        },
        infra({
            dependsOn: [grantsReady],
            // The autoscaler owns the node count once the pool exists.
            ignoreChanges: ["agentPoolProfiles[0].count"],
        }),
    );

    new monitor.DiagnosticSetting(
        "cluster-logs",
        {
            resourceUri: cluster.id,
            workspaceId: workspace.id,
            // Resource-specific tables (AKSAudit, AKSControlPlane), which AKS recommends over AzureDiagnostics.
            // https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs
            logAnalyticsDestinationType: "Dedicated",
            logs: controlPlaneLogCategories.map((category) => ({ category, enabled: true })),
        },
        infra({ parent: cluster }),
    );

    // Who runs the program manages what is in the cluster (namespaces, service accounts, charts).
    // https://learn.microsoft.com/azure/aks/manage-azure-rbac#create-role-assignments-for-users-to-access-the-cluster
    const deployerAdmin = assignRole(
        self,
        "deployer-cluster-admin",
        { ctx, provider, subscriptionId: client.subscriptionId, role: "aksRbacClusterAdmin", principalId: client.objectId, principalType: deployerPrincipalType(self, provider), scope: cluster.id },
        infraOptions,
        { parent: cluster },
    );

    const clusterName = cluster.name;
    // Unknown until the cluster exists, so a preview never asks AKS for credentials of a cluster it has not made.
    const credentials = containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: group.name, resourceName: clusterName, format: "exec" }, { parent: self, provider });
    // Holds no credential (the server, its CA and the kubelogin command), so the provider keeps it as it
    // is; the component exports it as a secret all the same.
    const kubeconfig = credentials.kubeconfigs.apply((configs) => {
        if (!configs.length) {
            throw new Error("AKS returned no user credentials for the cluster");
        }
        return entraKubeconfig(Buffer.from(configs[0].value, "base64").toString("utf8"));
    });
    // The provider's first call (namespaces, charts) needs the deployer's cluster role in effect.
    const adminReady = afterPropagation("deployer-cluster-admin", [deployerAdmin], "azure", cluster);
    const kubernetesProvider = new k8s.Provider("cluster", { kubeconfig }, { parent: self, dependsOn: [adminReady] });

    const issuer = pulumi.all([cluster.id, cluster.oidcIssuerProfile]).apply(([, profile]) => {
        if (!profile?.issuerURL) {
            throw new Error("the AKS cluster reports no OIDC issuer URL; workload identity needs it");
        }
        return profile.issuerURL;
    });

    const bindWorkloadIdentity = (name: string, spec: WorkloadIdentitySpec, parent: pulumi.Resource): WorkloadIdentity => {
        const namespace = spec.namespace ?? platformNamespace;
        const identityInfra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);
        const workloadIdentity = new managedidentity.UserAssignedIdentity(name, { resourceGroupName: group.name, location, tags }, identityInfra());
        // Entra ID trusts tokens of this one service account, issued by this cluster, and nothing else.
        // https://learn.microsoft.com/azure/aks/workload-identity-deploy-cluster#create-the-federated-identity-credential
        const federation = new managedidentity.FederatedIdentityCredential(
            name,
            {
                resourceGroupName: group.name,
                resourceName: workloadIdentity.name,
                issuer,
                subject: `system:serviceaccount:${namespace}:${spec.serviceAccount}`,
                audiences: [workloadIdentityAudience],
            },
            identityInfra({ parent: workloadIdentity }),
        );
        const principal = { cloud: "azure" as const, principalId: workloadIdentity.principalId };
        const grants = spec.grants.flatMap((g, i) => g.attach(principal, `${name}-grant-${i}`, identityInfra({ parent: workloadIdentity })));
        const serviceAccount = boundServiceAccount(parent, name, {
            ctx,
            namespace,
            serviceAccount: spec.serviceAccount,
            annotations: { [workloadIdentityClientIdAnnotation]: workloadIdentity.clientId },
            provider: kubernetesProvider,
            // Pods that use the account find their identity trusted and its permissions in place.
            dependsOn: [federation, ...grants, ...(spec.dependsOn ?? [])],
        });
        return { serviceAccountName: serviceAccount.metadata.name, namespace, podLabels: { [workloadIdentityLabel]: "true" } };
    };

    return {
        clusterName,
        // The API server's address as clients use it: the private FQDN when the cluster is private.
        endpoint: privateApi ? cluster.privateFQDN : cluster.fqdn,
        kubeconfig,
        provider: kubernetesProvider,
        handle: {
            cloud: "azure",
            provider,
            cluster,
            clusterName,
            resourceGroupName: group.name,
            nodeSubnetId: net.nodeSubnet.id,
            zones: net.zones,
            version,
        },
        bindWorkloadIdentity,
    };
};

/** The cluster DNS service's address: the tenth of the service range (the first is the API server's). */
export function dnsServiceIp(serviceCidr: string): string {
    const [base] = ipaddr.IPv4.parseCIDR(serviceCidr);
    const octets = [...base.octets];
    octets[3] += 10;
    return octets.join(".");
}

export const azureKubernetes: KubernetesImplementation = { createCluster };
