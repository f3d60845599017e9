import * as containerservice from "@pulumi/azure-native/containerservice";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { Provider } from "@pulumi/azure-native/provider";
import type * as inputs from "@pulumi/azure-native/types/input";
import { RecordedResource } from "../../tools/offline/types";
import { urnOf as sharedUrnOf } from "../support/fixtures";

// Small AKS setups for the policy tests: by default a compliant cluster (private API, secrets under a
// Key Vault key of the program, audit log to a workspace, a supported version, host-encrypted system
// pool) and a compliant GPU pool (tainted, spot, from zero). Each test changes one thing.

export const rg = "fixture-rg";

type Pool = Omit<containerservice.AgentPoolArgs, "resourceGroupName" | "resourceName">;

export interface AksSpec {
    /** `apiServerAccessProfile`; `none` leaves it out. */
    readonly api?: inputs.containerservice.ManagedClusterAPIServerAccessProfileArgs | "none";
    /** `publicNetworkAccess`, which the platform states on a public cluster; left out unless given. */
    readonly publicNetworkAccess?: "Enabled" | "Disabled";
    /** KMS: `program-key` a Key Vault key of the fixture, `text` a key id given as text, `off` KMS stated disabled, `none` no securityProfile. */
    readonly kms?: "program-key" | "text" | "off" | "none";
    /** Audit logging: `linked` a diagnostic setting built from the cluster; `text` naming it by id; or the categories to send. */
    readonly audit?: "linked" | "text" | "none" | { readonly categories?: readonly string[]; readonly categoryGroup?: string; readonly destination?: boolean };
    readonly version?: string | "none";
    readonly systemPool?: Partial<inputs.containerservice.ManagedClusterAgentPoolProfileArgs>;
    /** Separate AgentPool resources, by name. */
    readonly pools?: Readonly<Record<string, Pool>>;
    readonly diskEncryptionSetID?: string;
    readonly resourceName?: string;
}

export const gpuPool: Pool = {
    mode: "User",
    vmSize: "Standard_NC4as_T4_v3",
    nodeTaints: ["nvidia.com/gpu=present:NoSchedule"],
    enableAutoScaling: true,
    minCount: 0,
    maxCount: 2,
    count: 0,
    scaleSetPriority: "Spot",
    scaleSetEvictionPolicy: "Delete",
    enableEncryptionAtHost: true,
};

export function aks(spec: AksSpec = {}): { cluster: containerservice.ManagedCluster; provider: Provider } {
    const provider = new Provider("eastus2", { location: "eastus2" });
    const opts = { provider };
    const key =
        (spec.kms ?? "program-key") === "program-key"
            ? new keyvault.Key(
                  "secrets",
                  {
                      keyName: "secrets",
                      vaultName: "fixture-kv",
                      resourceGroupName: rg,
                      properties: { kty: "RSA", keySize: 3072, keyOps: ["encrypt", "decrypt"], rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }] } },
                  },
                  opts,
              )
            : undefined;
    const keyId = spec.kms === "text" ? "https://fixture-kv.vault.azure.net/keys/secrets/0123456789abcdef" : key?.keyUriWithVersion;
    const cluster = new containerservice.ManagedCluster(
        "aks",
        {
            resourceGroupName: rg,
            ...(spec.resourceName ? { resourceName: spec.resourceName } : {}),
            location: "eastus2",
            dnsPrefix: "fixture",
            ...(spec.version === "none" ? {} : { kubernetesVersion: spec.version ?? "1.35" }),
            ...(spec.api === "none" ? {} : { apiServerAccessProfile: spec.api ?? { enablePrivateCluster: true } }),
            ...(spec.publicNetworkAccess ? { publicNetworkAccess: spec.publicNetworkAccess } : {}),
            ...(keyId ? { securityProfile: { azureKeyVaultKms: { enabled: true, keyId, keyVaultNetworkAccess: "Public" } } } : {}),
            ...(spec.kms === "off" ? { securityProfile: { azureKeyVaultKms: { enabled: false } } } : {}),
            ...(spec.diskEncryptionSetID ? { diskEncryptionSetID: spec.diskEncryptionSetID } : {}),
            agentPoolProfiles: [{ name: "system", mode: "System", vmSize: "Standard_D4ds_v5", count: 1, minCount: 1, maxCount: 3, enableAutoScaling: true, enableEncryptionAtHost: true, ...spec.systemPool }],
        },
        opts,
    );
    const audit = spec.audit ?? "linked";
    if (audit !== "none") {
        const workspace = new operationalinsights.Workspace("logs", { resourceGroupName: rg, location: "eastus2", sku: { name: "PerGB2018" } }, opts);
        const custom = typeof audit === "object" ? audit : {};
        const logs = custom.categoryGroup ? [{ categoryGroup: custom.categoryGroup, enabled: true }] : (custom.categories ?? ["kube-audit"]).map((category) => ({ category, enabled: true }));
        new monitor.DiagnosticSetting(
            "aks-logs",
            {
                resourceUri: audit === "text" ? `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${spec.resourceName}` : cluster.id,
                ...(custom.destination === false ? {} : { workspaceId: workspace.id }),
                logs,
            },
            opts,
        );
    }
    for (const [name, pool] of Object.entries(spec.pools ?? {})) {
        new containerservice.AgentPool(name, { resourceGroupName: rg, resourceName: cluster.name, agentPoolName: name, ...pool }, opts);
    }
    return { cluster, provider };
}

/** The URN a violation about the cluster, or an AgentPool, names. */
export const urnOf = (r: { resources: RecordedResource[] }, type: "ManagedCluster" | "AgentPool", name: string) =>
    sharedUrnOf(r, `azure-native:containerservice:${type}`, name);
