import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { parse } from "yaml";
import { gpuTaintString } from "../components/gpu/labels";
import { entraKubeconfig } from "../components/kubernetes/azure-kubeconfig";
import { aksSpotTaintString } from "../components/kubernetes/azure-limits";
import { addressPlan } from "../components/network/address-plan";
import { builtInRoles } from "../components/shared/azure-roles";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { invokes, offlineAccount } from "../tools/offline/invokes";
import { offlineAksKubeconfig } from "../tools/offline/invokes/azure-kubernetes";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig } from "./support/config";
import { assertCleanPlan, ofType, one, planFor, stackConfig, withType } from "./support/stack";

// Issue #4 on Azure: the network, the AKS cluster, GPU pools, workload identity and the inference
// service on the pools, through the same offline preview as `npm run plan` — plus one run in update
// mode (values the cloud computes filled in), for what a preview cannot see.

const ns = "ai-data-platform";
const T = {
    vnet: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    nat: "azure-native:network:NatGateway",
    ip: "azure-native:network:PublicIPAddress",
    nsg: "azure-native:network:NetworkSecurityGroup",
    zone: "azure-native:privatedns:PrivateZone",
    link: "azure-native:privatedns:VirtualNetworkLink",
    cluster: "azure-native:containerservice:ManagedCluster",
    pool: "azure-native:containerservice:AgentPool",
    key: "azure-native:keyvault:Key",
    role: "azure-native:authorization:RoleAssignment",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    federation: "azure-native:managedidentity:FederatedIdentityCredential",
    diagnostics: "azure-native:monitor:DiagnosticSetting",
    workspace: "azure-native:operationalinsights:Workspace",
    group: "azure-native:resources:ResourceGroup",
    k8sProvider: "pulumi:providers:kubernetes",
    release: "kubernetes:helm.sh/v3:Release",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    namespace: "kubernetes:core/v1:Namespace",
    deployment: "kubernetes:apps/v1:Deployment",
};

const roleId = (assignment: RecordedResource) => String(assignment.inputs.roleDefinitionId).split("/").pop();
const deps = (x: RecordedResource, property: string) => x.propertyDependencies[property] ?? [];
/** `x` is created after the grants have had time to apply: it depends on one Sleep that depends on each of them. */
const waitsFor = (r: PlanResult, x: RecordedResource, ...grants: RecordedResource[]) =>
    ofType(r, "time:index/sleep:Sleep").some((sleep) => x.dependencies.includes(sleep.urn) && grants.every((g) => sleep.dependencies.includes(g.urn)));
const urnOf = (r: PlanResult, type: string, name?: string) => one(r, type, name).urn;
const systemPool = (r: PlanResult) => (one(r, T.cluster).inputs.agentPoolProfiles as any[])[0];

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("azure", overrides, environment);

const inference = { image: "ghcr.io/example/llm-server:1.4", gpusPerReplica: 1, cpu: "2", memory: "8Gi" };
const pools = [
    { name: "small", gpu: "nvidia-t4", gpusPerNode: 4, minNodes: 0, maxNodes: 2 },
    { name: "train", gpu: "nvidia-a100-80gb", gpusPerNode: 2, minNodes: 1, maxNodes: 3, spot: false },
    { name: "big", gpu: "nvidia-h100-80gb", gpusPerNode: 8, minNodes: 0, maxNodes: 1 },
    { name: "custom", gpu: "nvidia-a100-80gb", gpusPerNode: 1, minNodes: 0, maxNodes: 2, machineType: "Standard_NC48ads_A100_v4" },
];

describe("Azure network, AKS and GPU pools (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    let prodPublic: PlanResult;
    let devPools: PlanResult;
    let prodInference: PlanResult;
    let devInference: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("azure", "prod"));
        dev = await planFor(stackConfig("azure", "dev"));
        prodPublic = await planFor(
            stackConfig("azure", "prod", {
                [`${ns}:network`]: { cidr: "10.8.0.0/20", podCidr: "100.96.0.0/16", serviceCidr: "172.24.0.0/16" },
                [`${ns}:kubernetes`]: {
                    version: "1.34",
                    apiAllowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
                    systemNodes: { minNodes: 2, maxNodes: 5, machineType: "Standard_D16ds_v5" },
                },
            }),
        );
        devPools = await planFor(stackConfig("azure", "dev", { [`${ns}:kubernetes`]: { version: "1.34", gpuPools: pools } }));
        prodInference = await planFor(stackConfig("azure", "prod", { [`${ns}:inference`]: inference }));
        devInference = await planFor(stackConfig("azure", "dev", { [`${ns}:inference`]: inference }));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: the default stack and one with an inference service pass the ${env} policy config with no violation at all`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "azure", env);
            assertCleanPlan(env === "prod" ? prodInference : devInference, "azure", env);
            if (env === "prod") {
                assertCleanPlan(prodPublic, "azure", env);
            }
        });
    }

    it("dev: the policy pack sees the GPU pools: only the pool kept on regular capacity with a node when idle draws the scale-to-zero advice", () => {
        assert.deepStrictEqual(
            devPools.analysis.violations.map((v) => [v.policy, v.level, v.detail]),
            [["gpu-pool-scale-to-zero-spot", "advisory", 'azure-native:containerservice:AgentPool "train" keeps 1 node(s) when idle and uses on-demand capacity.']],
        );
    });

    describe("network", () => {
        it("carves its subnets out of the address plan: nodes from the first private block, the API server from the first small one, private endpoints from theirs", () => {
            for (const [r, cidr, zones] of [[prod, "10.40.0.0/16", 3], [dev, "10.40.0.0/16", 2], [prodPublic, "10.8.0.0/20", 3]] as const) {
                const plan = addressPlan(cidr, zones, "100.64.0.0/16", "172.20.0.0/16");
                const vnet = one(r, T.vnet);
                assert.deepStrictEqual(vnet.inputs.addressSpace, { addressPrefixes: [cidr] });
                assert.strictEqual(vnet.inputs.subnets, undefined, "subnets are resources of their own");
                const subnets = Object.fromEntries(ofType(r, T.subnet).map((s) => [s.name, s]));
                assert.deepStrictEqual(Object.keys(subnets).sort(), ["apiserver", "endpoints", "nodes"]);
                assert.deepStrictEqual(
                    [subnets.nodes.inputs.addressPrefix, subnets.apiserver.inputs.addressPrefix, subnets.endpoints.inputs.addressPrefix],
                    [plan.privateSubnets[0], plan.publicSubnets[0], plan.endpointSubnet],
                );
                for (const s of Object.values(subnets)) {
                    assert.deepStrictEqual(deps(s, "virtualNetworkName"), [vnet.urn]);
                    assert.strictEqual(s.inputs.defaultOutboundAccess, false, `${s.name} has no default outbound access`);
                    assert.strictEqual(s.inputs.networkSecurityGroup, undefined);
                }
                assert.deepStrictEqual(subnets.apiserver.inputs.delegations, [{ name: "aks-apiserver", serviceName: "Microsoft.ContainerService/managedClusters" }]);
                assert.strictEqual(subnets.endpoints.inputs.privateEndpointNetworkPolicies, "Disabled");
                assert.deepStrictEqual(subnets.nodes.inputs.serviceEndpoints, [{ service: "Microsoft.Storage" }]);
                assert.ok(subnets.apiserver.dependencies.includes(subnets.nodes.urn) && subnets.endpoints.dependencies.includes(subnets.apiserver.urn), "one subnet operation at a time");
                assert.deepStrictEqual(ofType(r, T.nsg), []);
                assert.deepStrictEqual(one(r, T.group, "network").inputs.resourceGroupName, "adp-test-network-eastus2");
            }
        });

        it("sends each environment's egress through one Standard NAT gateway with a static IP, on the node subnet only", () => {
            for (const r of [prod, dev]) {
                const nat = one(r, T.nat);
                const ip = one(r, T.ip);
                assert.deepStrictEqual([nat.inputs.sku, nat.inputs.idleTimeoutInMinutes, nat.inputs.location], [{ name: "Standard" }, 4, "eastus2"]);
                assert.deepStrictEqual(deps(nat, "publicIpAddresses"), [ip.urn]);
                assert.deepStrictEqual([ip.inputs.sku, ip.inputs.publicIPAllocationMethod, ip.inputs.publicIPAddressVersion], [{ name: "Standard", tier: "Regional" }, "Static", "IPv4"]);
                const natted = ofType(r, T.subnet).filter((s) => deps(s, "natGateway").includes(nat.urn));
                assert.deepStrictEqual(natted.map((s) => s.name), ["nodes"]);
                const cluster = one(r, T.cluster);
                assert.strictEqual((cluster.inputs.networkProfile as any).outboundType, "userAssignedNATGateway");
                assert.deepStrictEqual(deps(cluster, "agentPoolProfiles"), [natted[0].urn], "the nodes are in the NAT gateway's subnet");
            }
        });

        it("keeps the private DNS zones of Event Hubs and Azure Managed Redis, the services with private endpoints, linked to the VNet with public fallback", () => {
            const vnet = one(prod, T.vnet);
            const zones = ofType(prod, T.zone);
            // The lake and the key vaults are reached over their public endpoints (Entra ID only): no zones for them.
            assert.deepStrictEqual(zones.map((z) => z.inputs.privateZoneName).sort(), ["privatelink.redis.azure.net", "privatelink.servicebus.windows.net"]);
            for (const zone of zones) {
                assert.strictEqual(zone.inputs.location, "Global");
                const [link] = ofType(prod, T.link).filter((l) => deps(l, "privateZoneName").includes(zone.urn));
                assert.deepStrictEqual(deps(link, "virtualNetwork"), [vnet.urn]);
                assert.deepStrictEqual([link.inputs.registrationEnabled, link.inputs.resolutionPolicy, link.inputs.location], [false, "NxDomainRedirect", "Global"]);
            }
        });

        it("is not data-bearing: deleted with the stack, except in prod what the private endpoints of a kept Event Hubs namespace or Managed Redis cluster sit in (VNet, endpoint subnet, privatelink zones and links)", () => {
            const parts = [T.vnet, T.subnet, T.nat, T.ip, T.zone, T.link].flatMap((t) => ofType(prod, t));
            assert.strictEqual(parts.length, 10);
            assert.deepStrictEqual(parts.filter((x) => x.retainOnDelete).map((x) => `${x.type.split(":").pop()} ${x.name}`).sort(), [
                "PrivateZone eventHubs",
                "PrivateZone redisEnterprise",
                "Subnet endpoints",
                "VirtualNetwork platform",
                "VirtualNetworkLink eventHubs",
                "VirtualNetworkLink redisEnterprise",
            ]);
            assert.deepStrictEqual([T.vnet, T.subnet, T.nat, T.ip, T.zone, T.link].flatMap((t) => ofType(dev, t)).filter((x) => x.retainOnDelete), [], "dev keeps none");
        });
    });

    describe("cluster", () => {
        it("runs the configured version on every pool, on LTS (Premium tier) past community support, else Standard in prod and Free in dev", () => {
            const check = (r: PlanResult, version: string, tier: string, plan: string) => {
                const c = one(r, T.cluster).inputs;
                assert.deepStrictEqual([c.kubernetesVersion, (c.sku as any).tier, c.supportPlan, (c.sku as any).name], [version, tier, plan, "Base"]);
                assert.strictEqual(systemPool(r).orchestratorVersion, version);
                for (const p of ofType(r, T.pool)) {
                    assert.strictEqual(p.inputs.orchestratorVersion, version);
                }
                assert.deepStrictEqual(c.autoUpgradeProfile, { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
            };
            check(prod, "1.35", "Standard", "KubernetesOfficial");
            check(dev, "1.35", "Free", "KubernetesOfficial");
            check(prodPublic, "1.34", "Premium", "AKSLongTermSupport");
            check(devPools, "1.34", "Premium", "AKSLongTermSupport");
            assert.strictEqual(prod.outputs.kubernetesVersion, "1.35");
        });

        it("encrypts secrets with a key of its own in the primary region's platform vault, which only the control plane's identity may use", () => {
            for (const r of [prod, dev]) {
                const cluster = one(r, T.cluster);
                const [kms] = withType(r, deps(cluster, "securityProfile"), T.key);
                const platformKey = one(r, T.key, "primary");
                assert.strictEqual(kms.inputs.keyName, "kubernetes-secrets");
                assert.deepStrictEqual(deps(kms, "vaultName"), [platformKey.urn], "the vault of the primary platform key");
                assert.deepStrictEqual(deps(kms, "resourceGroupName"), [platformKey.urn]);
                assert.notDeepStrictEqual(withType(r, deps(kms, "vaultName"), T.key)[0].name, "backup");
                const props = kms.inputs.properties as any;
                assert.deepStrictEqual([props.kty, props.keySize, props.keyOps], ["RSA", 3072, ["encrypt", "decrypt"]]);
                assert.deepStrictEqual(props.rotationPolicy.lifetimeActions, [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }]);
                assert.strictEqual(kms.retainOnDelete, r === prod, "the key outlives the cluster in prod");
                const identity = one(r, T.identity, "control-plane");
                assert.deepStrictEqual(cluster.inputs.identity, { type: "UserAssigned", userAssignedIdentities: ["[unknown]"] });
                assert.deepStrictEqual(deps(cluster, "identity"), [identity.urn]);
                const keyUsers = ofType(r, T.role).filter((a) => deps(a, "scope").includes(kms.urn));
                assert.deepStrictEqual(keyUsers.map((a) => [roleId(a), deps(a, "principalId"), a.inputs.principalType]), [[builtInRoles.keyVaultCryptoUser, [identity.urn], "ServicePrincipal"]]);
                assert.ok(waitsFor(r, cluster, keyUsers[0]), "the role has applied before AKS first uses the key");
            }
        });

        it("collects the API server's audit log, Entra ID decisions and the autoscaler's log in a Log Analytics workspace kept a year in prod", () => {
            for (const [r, days] of [[prod, 365], [dev, 30]] as const) {
                const cluster = one(r, T.cluster);
                const workspace = one(r, T.workspace);
                const [setting] = ofType(r, T.diagnostics).filter((d) => deps(d, "resourceUri").includes(cluster.urn));
                assert.deepStrictEqual(deps(setting, "workspaceId"), [workspace.urn]);
                assert.deepStrictEqual(setting.inputs.logs, [
                    { category: "kube-audit", enabled: true },
                    { category: "guard", enabled: true },
                    { category: "cluster-autoscaler", enabled: true },
                ]);
                assert.strictEqual(setting.inputs.logAnalyticsDestinationType, "Dedicated");
                assert.deepStrictEqual([workspace.inputs.retentionInDays, workspace.inputs.features, workspace.inputs.sku], [days, { disableLocalAuth: true }, { name: "PerGB2018" }]);
                assert.strictEqual(workspace.retainOnDelete, r === prod);
            }
        });

        it("puts the API server in the VNet: private with no client range, behind the configured ranges otherwise, open when dev allows 0.0.0.0/0", () => {
            const access = (r: PlanResult) => one(r, T.cluster).inputs.apiServerAccessProfile as any;
            const apiSubnet = (r: PlanResult) => urnOf(r, T.subnet, "apiserver");
            assert.deepStrictEqual(access(prod), { enableVnetIntegration: true, subnetId: "[unknown]", enablePrivateCluster: true });
            assert.deepStrictEqual(deps(one(prod, T.cluster), "apiServerAccessProfile"), [apiSubnet(prod)]);
            assert.deepStrictEqual(access(prodPublic), {
                enableVnetIntegration: true,
                subnetId: "[unknown]",
                enablePrivateCluster: false,
                authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7/32"],
            });
            assert.deepStrictEqual(access(dev).authorizedIPRanges, [], "no authorized range: every client");
            assert.strictEqual(access(dev).enablePrivateCluster, false);
            // Stated on a public API (Azure's default) so that a preview knows it; left out when private.
            const publicNetworkAccess = (r: PlanResult) => one(r, T.cluster).inputs.publicNetworkAccess;
            assert.deepStrictEqual([publicNetworkAccess(prod), publicNetworkAccess(prodPublic), publicNetworkAccess(dev)], [undefined, "Enabled", "Enabled"]);
        });

        it("runs a system pool across the zones between minNodes and maxNodes, on the node subnet, host-encrypted, with AKS's preset sizes", () => {
            for (const [r, zones, size, min, max] of [
                [prod, ["1", "2", "3"], "Standard_D8ds_v5", 3, 6],
                [dev, ["1", "2"], "Standard_D4ds_v5", 1, 3],
                [prodPublic, ["1", "2", "3"], "Standard_D16ds_v5", 2, 5],
            ] as const) {
                const p = systemPool(r);
                assert.deepStrictEqual(
                    [p.name, p.mode, p.vmSize, p.availabilityZones, p.enableAutoScaling, p.minCount, p.maxCount, p.count, p.enableEncryptionAtHost, p.osSKU],
                    ["system", "System", size, zones, true, min, max, min, true, "Ubuntu"],
                );
                assert.deepStrictEqual(deps(one(r, T.cluster), "agentPoolProfiles"), [urnOf(r, T.subnet, "nodes")]);
                assert.deepStrictEqual(one(r, T.cluster).ignoreChanges, ["agentPoolProfiles[0].count"], "the autoscaler owns the count");
            }
        });

        it("networks pods with CNI Overlay (Cilium) on the plan's pod and service ranges", () => {
            assert.deepStrictEqual(one(prodPublic, T.cluster).inputs.networkProfile, {
                networkPlugin: "azure",
                networkPluginMode: "overlay",
                networkDataplane: "cilium",
                networkPolicy: "cilium",
                podCidr: "100.96.0.0/16",
                serviceCidr: "172.24.0.0/16",
                dnsServiceIP: "172.24.0.10",
                outboundType: "userAssignedNATGateway",
                loadBalancerSku: "standard",
            });
            assert.deepStrictEqual([prodPublic.outputs.podRange, prodPublic.outputs.serviceRange], ["100.96.0.0/16", "172.24.0.0/16"]);
        });

        it("signs in with Entra ID only and authorizes with Azure RBAC; the deployer is cluster admin before anything is put in the cluster", () => {
            for (const r of [prod, dev]) {
                const cluster = one(r, T.cluster);
                assert.deepStrictEqual(cluster.inputs.aadProfile, { managed: true, enableAzureRBAC: true, tenantID: offlineAccount.azureTenantId });
                assert.deepStrictEqual([cluster.inputs.disableLocalAccounts, cluster.inputs.enableRBAC, cluster.inputs.oidcIssuerProfile], [true, true, { enabled: true }]);
                const admin = one(r, T.role, "deployer-cluster-admin");
                assert.deepStrictEqual([roleId(admin), admin.inputs.principalId, admin.inputs.principalType, deps(admin, "scope")], [
                    builtInRoles.aksRbacClusterAdmin,
                    offlineAccount.azureObjectId,
                    "User",
                    [cluster.urn],
                ]);
                const k8s = one(r, T.k8sProvider);
                assert.ok(waitsFor(r, k8s, admin), "the role has applied before the provider's first call");
                assert.strictEqual(one(r, T.namespace).provider, k8s.urn);
                assert.deepStrictEqual(one(r, T.namespace).inputs.metadata, {
                    name: "ai-data-platform",
                    labels: { "app.kubernetes.io/managed-by": "pulumi", "pod-security.kubernetes.io/enforce": "baseline" },
                });
            }
        });

        it("lets the control plane join nodes and the API server to their subnets, and nothing more", () => {
            const identity = one(prod, T.identity, "control-plane");
            const byIdentity = ofType(prod, T.role).filter((a) => deps(a, "principalId").includes(identity.urn));
            const subnet = (a: RecordedResource) => withType(prod, deps(a, "scope"), T.subnet)[0]?.name;
            assert.deepStrictEqual(byIdentity.filter((a) => roleId(a) === builtInRoles.networkContributor).map(subnet).sort(), ["apiserver", "nodes"]);
            assert.strictEqual(byIdentity.length, 3, "two subnets and the KMS key");
            assert.ok(waitsFor(prod, one(prod, T.cluster), ...byIdentity), "all three have applied before AKS is created");
        });

        it("is not data-bearing apart from its logs and its key: the cluster, identities and pools are deleted with the stack", () => {
            const parts = [T.cluster, T.pool, T.identity, T.federation, T.diagnostics]
                .flatMap((t) => ofType(prodInference, t))
                .filter((x) => x.urn.includes("ai-data-platform:kubernetes:") || x.parent?.includes("ai-data-platform:kubernetes:"));
            assert.ok(parts.length >= 6);
            assert.deepStrictEqual(parts.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
            assert.deepStrictEqual(ofType(prod, T.group).filter((g) => g.name === "kubernetes").map((g) => [g.inputs.resourceGroupName, g.retainOnDelete]), [["adp-test-kubernetes-eastus2", true]]);
        });

        it("writes a kubeconfig that gets its token from kubelogin with the Azure CLI login, not the device-code flow AKS writes", () => {
            const raw = offlineAksKubeconfig("cluster1", "rg", "eastus2");
            const converted = parse(entraKubeconfig(raw));
            const original = parse(raw);
            assert.deepStrictEqual(converted.clusters, original.clusters);
            assert.deepStrictEqual(converted.contexts, original.contexts);
            assert.deepStrictEqual(converted.users, [
                {
                    name: "clusterUser_rg_cluster1",
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "kubelogin",
                            args: ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"],
                            env: null,
                            provideClusterInfo: false,
                        },
                    },
                },
            ]);
            assert.throws(() => entraKubeconfig("apiVersion: v1\nusers: []\n"), /without clusters or users/);
            assert.deepStrictEqual([prod.outputs.kubeconfig, prod.outputs.kubernetesClusterName], ["[unknown]", "[unknown]"], "no credentials asked for a cluster that does not exist yet");
        });
    });

    describe("GPU pools", () => {
        it("gives each pool the GPU table's VM size, or the override, with the GPU taint and the pool and model labels", () => {
            const built = Object.fromEntries(ofType(devPools, T.pool).map((p) => [p.name, p.inputs]));
            assert.deepStrictEqual(
                Object.fromEntries(Object.entries(built).map(([n, p]) => [n, p.vmSize])),
                { small: "Standard_NC64as_T4_v3", train: "Standard_NC48ads_A100_v4", big: "Standard_ND96isr_H100_v5", custom: "Standard_NC48ads_A100_v4" },
            );
            for (const spec of pools) {
                const p = built[spec.name];
                assert.deepStrictEqual(p.nodeTaints, [gpuTaintString]);
                assert.deepStrictEqual(p.nodeLabels, { "ai-data-platform/gpu-pool": spec.name, "ai-data-platform/gpu": spec.gpu });
                assert.deepStrictEqual([p.agentPoolName, p.mode, p.osSKU, p.gpuProfile, p.enableEncryptionAtHost], [spec.name, "User", "Ubuntu", { driver: "Install" }, true]);
            }
            assert.deepStrictEqual(
                (devPools.outputs.gpuPools as any[]).map((p) => [p.name, p.machineType]),
                Object.entries(built).map(([n, p]) => [n, p.vmSize]),
            );
        });

        it("autoscales each pool from minNodes (zero included) to maxNodes across the zones, in the node subnet of the cluster", () => {
            for (const spec of pools) {
                const p = one(devPools, T.pool, spec.name);
                assert.deepStrictEqual([p.inputs.enableAutoScaling, p.inputs.minCount, p.inputs.maxCount, p.inputs.count], [true, spec.minNodes, spec.maxNodes, spec.minNodes]);
                assert.deepStrictEqual(p.inputs.availabilityZones, ["1", "2"]);
                assert.deepStrictEqual(deps(p, "resourceName"), [urnOf(devPools, T.cluster)]);
                assert.deepStrictEqual(deps(p, "vnetSubnetID"), [urnOf(devPools, T.subnet, "nodes")]);
                assert.deepStrictEqual(p.ignoreChanges, ["count"]);
                assert.strictEqual(p.retainOnDelete, false);
            }
            const [first, ...rest] = ofType(devPools, T.pool);
            rest.reduce((previous, p) => (assert.ok(p.dependencies.includes(previous.urn), "one pool operation at a time"), p), first);
            assert.deepStrictEqual(one(prod, T.pool, "inference").inputs.availabilityZones, ["1", "2", "3"]);
        });

        it("uses spot capacity (evicted nodes deleted) where configured — dev by default — and regular capacity otherwise", () => {
            const capacity = (p: RecordedResource) => [p.inputs.scaleSetPriority, p.inputs.scaleSetEvictionPolicy, p.inputs.spotMaxPrice];
            assert.deepStrictEqual(capacity(one(dev, T.pool, "inference")), ["Spot", "Delete", -1]);
            assert.deepStrictEqual(capacity(one(prod, T.pool, "inference")), ["Regular", undefined, undefined]);
            assert.deepStrictEqual(capacity(one(devPools, T.pool, "train")), ["Regular", undefined, undefined], "spot: false wins in dev");
            assert.deepStrictEqual(capacity(one(devPools, T.pool, "big")), ["Spot", "Delete", -1]);
        });

        it("installs NVIDIA's device plugin on the platform's GPU nodes (spot ones included), from NVIDIA's chart repository", () => {
            for (const r of [prod, dev, devPools]) {
                const release = one(r, T.release);
                assert.deepStrictEqual(
                    [release.inputs.chart, release.inputs.version, release.inputs.repositoryOpts, release.inputs.namespace, release.inputs.createNamespace, release.inputs.name],
                    ["nvidia-device-plugin", "0.19.3", { repo: "https://nvidia.github.io/k8s-device-plugin" }, "nvidia-device-plugin", true, "nvidia-device-plugin"],
                );
                assert.strictEqual(release.provider, urnOf(r, T.k8sProvider));
            }
            assert.deepStrictEqual(one(dev, T.release).inputs.values, {
                affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "ai-data-platform/gpu-pool", operator: "Exists" }] }] } } },
                tolerations: [
                    { key: "CriticalAddonsOnly", operator: "Exists" },
                    { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
                    { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" },
                ],
            });
        });

        it("builds no pool and no device plugin when no GPU pool is configured", async () => {
            const none = await planFor(stackConfig("azure", "dev", { [`${ns}:kubernetes`]: { gpuPools: [] } }));
            assert.deepStrictEqual([ofType(none, T.pool).length, ofType(none, T.release).length, none.outputs.gpuPools], [0, 0, []]);
            assertCleanPlan(none, "azure", "dev");
        });

        it("schedules the inference service on its GPU pool in prod: selector, toleration, GPUs, device plugin and the workload-identity label all line up", () => {
            const problems = scheduling(prodInference, "inference");
            assert.deepStrictEqual(problems, []);
            const deployment = one(prodInference, T.deployment);
            const pool = one(prodInference, T.pool, "inference");
            const release = one(prodInference, T.release);
            assert.ok(deployment.dependencies.includes(pool.urn) && deployment.dependencies.includes(release.urn), "waits for the pool and the device plugin");
            assert.strictEqual((deployment.inputs.spec as any).template.metadata.labels["azure.workload.identity/use"], "true");
        });

        it("dev (spot): the Deployment also tolerates the taint AKS puts on every spot node, so it lands on the spot GPU pool", () => {
            assert.deepStrictEqual(scheduling(devInference, "inference"), []);
            const tolerations = (one(devInference, T.deployment).inputs.spec as any).template.spec.tolerations;
            assert.ok(tolerations.some((t: { key: string }) => t.key === "kubernetes.azure.com/scalesetpriority"), aksSpotTaintString);
        });
    });

    describe("workload identity", () => {
        it("trusts only the inference service account, tokens from this cluster's issuer, for a managed identity that may only read the lake", () => {
            const r = prodInference;
            const identity = one(r, T.identity, "inference-reader");
            const federation = one(r, T.federation, "inference-reader");
            assert.deepStrictEqual([federation.inputs.subject, federation.inputs.audiences], ["system:serviceaccount:ai-data-platform:inference", ["api://AzureADTokenExchange"]]);
            assert.ok(deps(federation, "issuer").includes(urnOf(r, T.cluster)), "the cluster's OIDC issuer");
            assert.deepStrictEqual(deps(federation, "resourceName"), [identity.urn]);
            const grants = ofType(r, T.role).filter((a) => deps(a, "principalId").includes(identity.urn));
            assert.deepStrictEqual(grants.map((a) => [a.name, roleId(a), a.inputs.principalType]), [["inference-reader-grant-0", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "ServicePrincipal"]]);
            assert.match(String(grants[0].inputs.scope), /\/storageAccounts\/adptestlake[0-9a-f]+\/blobServices\/default\/containers\/lake$/);
            const sa = one(r, T.serviceAccount, "inference-reader");
            assert.deepStrictEqual((sa.inputs.metadata as any).annotations, { "azure.workload.identity/client-id": "[unknown]" });
            assert.deepStrictEqual([(sa.inputs.metadata as any).name, (sa.inputs.metadata as any).namespace], ["inference", "ai-data-platform"]);
            assert.ok(deps(sa, "metadata").includes(identity.urn));
            for (const needed of [federation.urn, grants[0].urn, urnOf(r, T.namespace)]) {
                assert.ok(sa.dependencies.includes(needed), `the account waits for ${needed}`);
            }
            assert.strictEqual(sa.provider, urnOf(r, T.k8sProvider));
            assert.strictEqual(((one(r, T.deployment).inputs.spec as any).template.spec as any).serviceAccountName, "inference");
        });
    });

    describe("config checks", () => {
        it("refuses a Kubernetes version AKS does not offer, naming the ones it does", () => {
            const err = configError({ [`${ns}:kubernetes`]: { version: "1.30" } });
            assert.strictEqual(err.key, `${ns}:kubernetes.version`);
            assert.match(err.message, /got "1\.30"; allowed: a minor version AKS offers: 1\.32 \(LTS, Premium tier\), .*1\.35, 1\.36, 1\.37$/);
        });

        it("refuses regions without availability zones (dev too) or without API Server VNet Integration", () => {
            const noZones = configError({ [`${ns}:region`]: "westus", [`${ns}:backupRegion`]: "eastus" }, "dev");
            assert.strictEqual(noZones.key, `${ns}:region`);
            assert.match(noZones.message, /on azure, a region with availability zones and AKS API Server VNet Integration: .*eastus2/);
            assert.doesNotMatch(noZones.message, /qatarcentral/);
            assert.strictEqual(configError({ [`${ns}:region`]: "qatarcentral" }).key, `${ns}:region`);
        });

        it("refuses a GPU pool named like the system pool, and an override that is not an NVIDIA NC or ND size", () => {
            const name = configError({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "system", gpu: "nvidia-t4" }] } });
            assert.strictEqual(name.key, `${ns}:kubernetes.gpuPools[0].name`);
            assert.match(name.message, /a name other than "system" on azure/);
            const size = configError({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "viz", gpu: "nvidia-t4", machineType: "Standard_NV36ads_A10_v5" }] } });
            assert.strictEqual(size.key, `${ns}:kubernetes.gpuPools[0].machineType`);
            assert.match(size.message, /an NVIDIA GPU size of the NC or ND families on azure/);
            const amd = configError({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "amd", gpu: "nvidia-h100-80gb", gpusPerNode: 8, machineType: "Standard_ND96isr_MI300X_v5" }] } });
            assert.strictEqual(amd.key, `${ns}:kubernetes.gpuPools[0].machineType`);
        });

        it("refuses ranges AKS reserves and a service range of /12 or wider", () => {
            const reserved = configError({ [`${ns}:network`]: { serviceCidr: "172.31.0.0/16" } });
            assert.strictEqual(reserved.key, `${ns}:network.serviceCidr`);
            assert.match(reserved.message, /clear of AKS's reserved ranges .*overlaps 172\.31\.0\.0\/16/);
            const wide = configError({ [`${ns}:network`]: { serviceCidr: "10.0.0.0/12" } });
            assert.match(wide.message, /got "10\.0\.0\.0\/12"; allowed: on azure, a block smaller than \/12/);
        });

        it("refuses a pod range too small for every node the pools can reach, counting upgrade surge", () => {
            const podCidr = { [`${ns}:network`]: { podCidr: "100.64.0.0/20" } };
            const err = configError({ ...podCidr, [`${ns}:kubernetes`]: { gpuPools: [{ name: "inference", gpu: "nvidia-t4", maxNodes: 9 }] } });
            assert.strictEqual(err.key, `${ns}:network.podCidr`);
            assert.match(err.message, /allowed: on azure, \/19 or wider: AKS gives each node a \/24 of it, and the pools can reach 17 nodes with upgrade surge \(a \/20 holds 16\)$/);
            // Spot pools surge no nodes: the same pool on spot capacity fits (6 + 1 system, 9 GPU nodes).
            const spot = { ...podCidr, [`${ns}:kubernetes`]: { gpuPools: [{ name: "inference", gpu: "nvidia-t4", maxNodes: 9, spot: true }] } };
            const flat = flatConfig(stackConfig("azure", "prod", spot));
            assert.strictEqual(parsePlatformConfig(flat, { project: ns, stack: "prod" }).network.podCidr, "100.64.0.0/20");
        });

        it("refuses more client ranges than AKS accepts", () => {
            const many = Array.from({ length: 2001 }, (_, i) => `198.${Math.floor(i / 256)}.${i % 256}.0/24`);
            const err = configError({ [`${ns}:kubernetes`]: { apiAllowedCidrs: many } });
            assert.match(err.message, /^invalid config ai-data-platform:kubernetes\.apiAllowedCidrs: got "2001 ranges"; allowed: at most 2000 ranges on azure/);
        });
    });
});

/**
 * Why a pod of the inference Deployment would not land on a node of `pool`, as the scheduler and the
 * autoscaler decide it: the node's labels (the pool's plus the spot label AKS adds), its taints (the
 * pool's plus AKS's spot taint), and whether the device plugin runs there to advertise the GPUs.
 */
function scheduling(r: PlanResult, poolName: string): string[] {
    const pool = one(r, T.pool, poolName).inputs as any;
    const info = (r.outputs.gpuPools as any[]).find((p) => p.name === poolName);
    const spot = pool.scaleSetPriority === "Spot";
    const labels: Record<string, string> = { ...pool.nodeLabels, "kubernetes.azure.com/agentpool": poolName, ...(spot ? { "kubernetes.azure.com/scalesetpriority": "spot" } : {}) };
    const taints = [...pool.nodeTaints, ...(spot ? [aksSpotTaintString] : [])].map(parseTaint);
    const podSpec = (one(r, T.deployment).inputs.spec as any).template.spec;
    const problems: string[] = [];
    for (const [k, v] of Object.entries(podSpec.nodeSelector ?? {})) {
        if (labels[k] !== v) {
            problems.push(`the node has no label ${k}=${v}`);
        }
    }
    for (const taint of taints.filter((t) => !tolerated(t, podSpec.tolerations ?? []))) {
        problems.push(`the pod does not tolerate the node taint ${taint.key}=${taint.value}:${taint.effect}`);
    }
    const wanted = Number(podSpec.containers[0].resources.requests["nvidia.com/gpu"]);
    if (!(wanted <= info.gpusPerNode)) {
        problems.push(`the pod wants ${wanted} GPUs, the node has ${info.gpusPerNode}`);
    }
    const plugin = one(r, T.release).inputs.values as any;
    const terms = plugin.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms as { matchExpressions: { key: string; operator: string }[] }[];
    const pluginMatches = terms.some((t) => t.matchExpressions.every((e) => e.operator === "Exists" && e.key in labels));
    if (!pluginMatches || !taints.every((t) => tolerated(t, plugin.tolerations))) {
        problems.push("the device plugin does not run on the node, so it advertises no nvidia.com/gpu");
    }
    return problems;
}

function parseTaint(text: string): { key: string; value: string; effect: string } {
    const m = /^([^=]+)=([^:]*):(\w+)$/.exec(text);
    assert.ok(m, `a taint: ${text}`);
    return { key: m[1], value: m[2], effect: m[3] };
}

// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
function tolerated(taint: { key: string; value: string; effect: string }, tolerations: { key?: string; operator?: string; value?: string; effect?: string }[]): boolean {
    return tolerations.some(
        (t) =>
            (t.key === undefined || t.key === "" ? t.operator === "Exists" : t.key === taint.key) &&
            (t.operator === "Exists" || (t.value ?? "") === taint.value) &&
            (t.effect === undefined || t.effect === "" || t.effect === taint.effect),
    );
}

// ── Update mode ───────────────────────────────────────────────────────────────────────────────────
// A preview cannot see what depends on values the cloud computes (the KMS key's version, the OIDC
// issuer, the credentials of the new cluster, the whole of `securityProfile`). This runs the program
// as `pulumi up` would, with mocks that answer like Azure: ARM ids, key URIs, identity ids, issuer.

interface UpResource {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

async function runAsUpdate(config: Record<string, unknown>): Promise<{ resources: UpResource[]; outputs: Record<string, unknown> }> {
    const flat = flatConfig(config);
    const resources: UpResource[] = [];
    const sub = offlineAccount.azureSubscriptionId;
    pulumi.runtime.setAllConfig(flat);
    await pulumi.runtime.setMocks(
        {
            newResource: ({ type, name, inputs }) => {
                resources.push({ type, name, inputs });
                const rg = inputs.resourceGroupName ?? "rg";
                const state: Record<string, any> = { ...inputs };
                if (type === T.key) {
                    const vault = inputs.vaultName;
                    const id = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${vault}/keys/${inputs.keyName}`;
                    return { id, state: { ...state, name: inputs.keyName, keyUri: `https://${vault}.vault.azure.net/keys/${inputs.keyName}`, keyUriWithVersion: `https://${vault}.vault.azure.net/keys/${inputs.keyName}/0123456789abcdef0123456789abcdef` } };
                }
                if (type === "random:index/randomString:RandomString") {
                    return { id: name, state: { ...state, result: "x1y2z3a" } };
                }
                const armName = inputs.resourceName ?? inputs.vaultName ?? `${name}-1a2b3c4d`;
                if (type === T.identity) {
                    Object.assign(state, { name: armName, principalId: `${name}-principal`, clientId: `${name}-client` });
                }
                if (type === T.cluster) {
                    Object.assign(state, {
                        name: armName,
                        fqdn: `${armName}.hcp.eastus2.azmk8s.io`,
                        privateFQDN: `${armName}.privatelink.eastus2.azmk8s.io`,
                        oidcIssuerProfile: { enabled: true, issuerURL: `https://eastus2.oic.prod-aks.azure.com/${offlineAccount.azureTenantId}/0a1b2c3d/` },
                    });
                }
                return { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${armName}`, state: { name: armName, ...state } };
            },
            call: ({ token, inputs }) => {
                const answer = invokes[token];
                if (!answer) {
                    throw new Error(`no answer for ${token}`);
                }
                return answer(inputs as Record<string, unknown>, {});
            },
        },
        ns,
        "prod",
        false,
    );
    const program = (require("../stacks/program") as typeof import("../stacks/program")).program();
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
    for (let seen = -1; seen !== resources.length; ) {
        seen = resources.length;
        await waitForRPCs();
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const outputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(program)) {
        outputs[k] = pulumi.Output.isInstance(v) ? await new Promise((resolve) => (v as pulumi.Output<unknown>).apply(resolve)) : v;
    }
    return { resources, outputs };
}

describe("Azure AKS in update mode (what a preview cannot see)", function () {
    let up: Awaited<ReturnType<typeof runAsUpdate>>;
    before(async () => {
        up = await runAsUpdate(stackConfig("azure", "prod", { [`${ns}:inference`]: inference }));
    });
    const get = (type: string, name?: string) => {
        const found = up.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
        assert.strictEqual(found.length, 1, `one ${type} ${name ?? ""}`);
        return found[0];
    };

    it("gives AKS the KMS key with its version, in the primary platform vault, over the public vault endpoint; and turns workload identity on", () => {
        const platformVault = get(T.key, "primary").inputs.vaultName;
        const security = get(T.cluster).inputs.securityProfile;
        assert.deepStrictEqual(security, {
            workloadIdentity: { enabled: true },
            azureKeyVaultKms: {
                enabled: true,
                keyId: `https://${platformVault}.vault.azure.net/keys/kubernetes-secrets/0123456789abcdef0123456789abcdef`,
                keyVaultNetworkAccess: "Public",
            },
        });
        assert.deepStrictEqual([get(T.key, "kubernetes-secrets").inputs.vaultName, get(T.key, "kubernetes-secrets").inputs.resourceGroupName], [platformVault, "adp-prod-keys-eastus2"]);
    });

    it("federates the service account with the cluster's OIDC issuer and annotates it with the identity's client id", () => {
        assert.strictEqual(get(T.federation, "inference-reader").inputs.issuer, `https://eastus2.oic.prod-aks.azure.com/${offlineAccount.azureTenantId}/0a1b2c3d/`);
        assert.strictEqual(get(T.federation, "inference-reader").inputs.resourceName, "inference-reader-1a2b3c4d");
        assert.deepStrictEqual(get(T.serviceAccount, "inference-reader").inputs.metadata.annotations, { "azure.workload.identity/client-id": "inference-reader-client" });
        assert.strictEqual(get("azure-native:authorization:RoleAssignment", "inference-reader-grant-0").inputs.principalId, "inference-reader-principal");
    });

    it("hands the Kubernetes provider and the stack a kubelogin (Azure CLI) kubeconfig for the new cluster, and its private endpoint", () => {
        const kubeconfig = parse(String(up.outputs.kubeconfig));
        assert.strictEqual(kubeconfig.clusters[0].name, "cluster-1a2b3c4d");
        assert.deepStrictEqual(kubeconfig.users[0].user.exec.args, ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]);
        assert.strictEqual(get(T.k8sProvider).inputs.kubeconfig, up.outputs.kubeconfig);
        assert.deepStrictEqual([up.outputs.kubernetesClusterName, up.outputs.kubernetesEndpoint], ["cluster-1a2b3c4d", "cluster-1a2b3c4d.privatelink.eastus2.azmk8s.io"]);
    });
});
