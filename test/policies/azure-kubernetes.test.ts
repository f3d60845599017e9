import * as assert from "assert";
import { evaluateFixture, kubernetesPolicyNames } from "../support/fixtures";
import { AksSpec, aks, gpuPool, urnOf } from "./azure-kubernetes-fixture";
import { assertCantRun } from "./azure-preview";

// Every Kubernetes and GPU policy against a violating and a compliant AKS setup, through the same
// offline preview and analyzer as `npm run plan`: small programs with the real azure-native classes,
// pools declared inline in the cluster and as AgentPool resources of their own.

describe("Kubernetes and GPU policies on Azure (AKS)", () => {
    it("a private, KMS-encrypted, audited cluster with a tainted spot GPU pool from zero passes every Kubernetes and GPU policy", async () => {
        const r = await evaluateFixture(() => aks({ pools: { gpu: gpuPool } }));
        assert.deepStrictEqual(r.violations.filter((v) => kubernetesPolicyNames.includes(v.policy)), []);
        for (const policy of kubernetesPolicyNames) {
            assert.ok(r.evaluated.includes(policy), `${policy} ran`);
        }
    });

    describe("kubernetes-api-not-public", () => {
        // A public cluster as the platform states one: not private, its ranges, public network access Enabled.
        const publicApi = (authorizedIPRanges: string[], publicNetworkAccess: AksSpec["publicNetworkAccess"] = "Enabled") =>
            aks({ api: { enableVnetIntegration: true, enablePrivateCluster: false, authorizedIPRanges }, publicNetworkAccess });
        it("flags a public endpoint with no authorized range (an empty list allows every client), and one whose ranges include 0.0.0.0/0", async () => {
            const none = await evaluateFixture(() => publicApi([]));
            const [v] = none.of("kubernetes-api-not-public");
            assert.deepStrictEqual([v.urn, v.level], [urnOf(none, "ManagedCluster", "aks"), "mandatory"]);
            assert.match(v.message, /the API endpoint accepts 0\.0\.0\.0\/0\.$/);
            const open = await evaluateFixture(() => publicApi(["203.0.113.0/24", "0.0.0.0/0"]));
            assert.match(open.of("kubernetes-api-not-public")[0].message, /accepts 0\.0\.0\.0\/0\.$/);
        });
        it("passes a private cluster, one behind specific ranges (whose public network access is then not read), and one with public network access disabled", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => aks())).of("kubernetes-api-not-public"), []);
            const ranges = await evaluateFixture(() => aks({ api: { enableVnetIntegration: true, enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7/32"] } }));
            assert.deepStrictEqual(ranges.of("kubernetes-api-not-public"), []);
            assert.deepStrictEqual((await evaluateFixture(() => publicApi([], "Disabled"))).of("kubernetes-api-not-public"), []);
        });
        it("cannot judge on a first preview a cluster that leaves out its API server access profile, or public network access where its ranges admit every client", async () => {
            assertCantRun(await evaluateFixture(() => aks({ api: "none" })), "kubernetes-api-not-public", ".apiServerAccessProfile");
            const unstated = () => aks({ api: { enableVnetIntegration: true, enablePrivateCluster: false, authorizedIPRanges: [] } });
            assertCantRun(await evaluateFixture(unstated), "kubernetes-api-not-public", ".publicNetworkAccess");
        });
    });

    describe("kubernetes-secrets-encryption-cmk", () => {
        it("flags a cluster with Key Vault KMS disabled", async () => {
            const r = await evaluateFixture(() => aks({ kms: "off" }));
            const [v] = r.of("kubernetes-secrets-encryption-cmk");
            assert.strictEqual(v.urn, urnOf(r, "ManagedCluster", "aks"));
            assert.match(v.message, /"aks" does not encrypt secrets with a customer-managed key\./);
        });
        it("cannot judge a cluster that leaves its security profile out on a first preview (the platform states KMS)", async () => {
            assertCantRun(await evaluateFixture(() => aks({ kms: "none" })), "kubernetes-secrets-encryption-cmk", ".securityProfile");
        });
        it("passes KMS with a Key Vault key of the program, whose versioned id is unknown during the preview, and with a key id given as text", async () => {
            const program = await evaluateFixture(() => aks({ kms: "program-key" }));
            assert.deepStrictEqual(program.of("kubernetes-secrets-encryption-cmk"), []);
            assert.deepStrictEqual(program.violations.filter((v) => v.message.includes("can't run")), [], "no policy reads the unknown securityProfile");
            assert.deepStrictEqual((await evaluateFixture(() => aks({ kms: "text" }))).of("kubernetes-secrets-encryption-cmk"), []);
        });
    });

    describe("kubernetes-audit-logging", () => {
        it("flags no diagnostic setting, one without the audit categories, and one with nowhere to send them", async () => {
            for (const audit of ["none", { categories: ["kube-apiserver", "guard"] }, { destination: false }] as const) {
                const r = await evaluateFixture(() => aks({ audit }));
                const [v] = r.of("kubernetes-audit-logging");
                assert.strictEqual(v?.urn, urnOf(r, "ManagedCluster", "aks"), JSON.stringify(audit));
                assert.match(v.message, /does not collect the API server's audit log/);
            }
        });
        it("does not find a setting that names the cluster's id as text: `resourceUri` and the cluster's `resourceName` are path parameters, in no output", async () => {
            const byName = await evaluateFixture(() => aks({ audit: "text", resourceName: "aks-fixture" }));
            assert.deepStrictEqual(byName.of("kubernetes-audit-logging").map((v) => v.urn), [urnOf(byName, "ManagedCluster", "aks")]);
        });
        it("passes kube-audit or kube-audit-admin (or the audit category group) sent to a workspace, found through the cluster's id", async () => {
            for (const audit of ["linked", { categories: ["kube-audit-admin"] }, { categoryGroup: "audit" }] as const) {
                assert.deepStrictEqual((await evaluateFixture(() => aks({ audit }))).of("kubernetes-audit-logging"), [], JSON.stringify(audit));
            }
        });
    });

    describe("kubernetes-node-disk-encryption", () => {
        it("flags pools whose OS disk is ephemeral or whose kubelet data is on the temp disk, without host encryption", async () => {
            const r = await evaluateFixture(() =>
                aks({
                    systemPool: { enableEncryptionAtHost: false, osDiskType: "Ephemeral" },
                    pools: {
                        gpu: { ...gpuPool, enableEncryptionAtHost: false, osDiskType: "Ephemeral" },
                        scratch: { ...gpuPool, vmSize: "Standard_D8ds_v5", enableEncryptionAtHost: false, osDiskType: "Managed", kubeletDiskType: "Temporary" },
                    },
                }),
            );
            assert.deepStrictEqual(r.of("kubernetes-node-disk-encryption").map((v) => v.urn).sort(), [
                urnOf(r, "AgentPool", "gpu"),
                urnOf(r, "AgentPool", "scratch"),
                urnOf(r, "ManagedCluster", "aks"),
            ].sort());
            assert.match(r.of("kubernetes-node-disk-encryption")[0].message, /node disks are not encrypted\./);
        });
        it("cannot judge on a first preview a pool that leaves out host encryption, or without it the OS disk type (AKS picks an ephemeral one where the VM size allows)", async () => {
            assertCantRun(await evaluateFixture(() => aks({ pools: { gpu: { ...gpuPool, enableEncryptionAtHost: undefined } } })), "kubernetes-node-disk-encryption", ".enableEncryptionAtHost");
            assertCantRun(await evaluateFixture(() => aks({ systemPool: { enableEncryptionAtHost: false } })), "kubernetes-node-disk-encryption", ".agentPoolProfiles.0.osDiskType");
        });
        it("passes host encryption or managed OS disks; with requireCustomerManagedKey, only a disk encryption set (none when left out)", async () => {
            const r = await evaluateFixture(() => aks({ pools: { gpu: gpuPool, managed: { ...gpuPool, enableEncryptionAtHost: false, osDiskType: "Managed", kubeletDiskType: "OS" } } }));
            assert.deepStrictEqual(r.of("kubernetes-node-disk-encryption"), []);
            const strict = { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } };
            const platformKeys = await evaluateFixture(() => aks({ pools: { gpu: gpuPool } }), { policyConfig: strict });
            assert.strictEqual(platformKeys.of("kubernetes-node-disk-encryption").length, 2);
            assert.match(platformKeys.of("kubernetes-node-disk-encryption")[0].message, /encrypted with a cloud-managed key, not a customer-managed one/);
            const des = "/subscriptions/s/resourceGroups/fixture-rg/providers/Microsoft.Compute/diskEncryptionSets/des";
            const cmk = await evaluateFixture(() => aks({ diskEncryptionSetID: des, pools: { gpu: gpuPool } }), { policyConfig: strict });
            assert.deepStrictEqual(cmk.of("kubernetes-node-disk-encryption"), []);
        });
    });

    describe("gpu-pool-tainted", () => {
        it("flags GPU pools without the GPU taint, as an AgentPool and inline in the cluster", async () => {
            const r = await evaluateFixture(() =>
                aks({
                    systemPool: { vmSize: "Standard_NC24ads_A100_v4", nodeTaints: [] },
                    pools: { gpu: { ...gpuPool, nodeTaints: ["sku=gpu:NoSchedule"] } },
                }),
            );
            const violations = r.of("gpu-pool-tainted");
            assert.deepStrictEqual(violations.map((v) => v.urn).sort(), [urnOf(r, "AgentPool", "gpu"), urnOf(r, "ManagedCluster", "aks")].sort());
            assert.match(violations.find((v) => v.urn === urnOf(r, "AgentPool", "gpu"))!.message, /"gpu" has GPUs but not the taint nvidia\.com\/gpu=present:NoSchedule\./);
        });
        it("passes a tainted GPU pool and leaves untainted CPU and FPGA pools alone", async () => {
            const r = await evaluateFixture(() => aks({ pools: { gpu: gpuPool, cpu: { ...gpuPool, vmSize: "Standard_D8ds_v5", nodeTaints: [] }, fpga: { ...gpuPool, vmSize: "Standard_NP10s", nodeTaints: [] } } }));
            assert.deepStrictEqual(r.of("gpu-pool-tainted"), []);
        });
    });

    describe("gpu-pool-scale-to-zero-spot", () => {
        it("advises against a GPU pool kept warm on regular capacity", async () => {
            const r = await evaluateFixture(() => aks({ pools: { warm: { ...gpuPool, minCount: 1, count: 1, scaleSetPriority: "Regular", scaleSetEvictionPolicy: undefined } } }));
            const [v] = r.of("gpu-pool-scale-to-zero-spot");
            assert.deepStrictEqual([v.urn, v.level], [urnOf(r, "AgentPool", "warm"), "advisory"]);
            assert.match(v.message, /"warm" keeps 1 node\(s\) when idle and uses on-demand capacity\./);
            const fixed = await evaluateFixture(() => aks({ pools: { fixed: { ...gpuPool, enableAutoScaling: false, minCount: undefined, maxCount: undefined, count: 2 } } }));
            assert.match(fixed.of("gpu-pool-scale-to-zero-spot")[0].message, /"fixed" keeps 2 node\(s\) when idle\./, "without the autoscaler the count stays");
        });
        it("passes a spot GPU pool from zero, and ignores CPU pools", async () => {
            const r = await evaluateFixture(() => aks({ pools: { gpu: gpuPool, cpu: { ...gpuPool, vmSize: "Standard_D8ds_v5", minCount: 2, count: 2, scaleSetPriority: "Regular" } } }));
            assert.deepStrictEqual(r.of("gpu-pool-scale-to-zero-spot"), []);
        });
    });

    describe("kubernetes-minimum-version", () => {
        it("flags a version older than minKubernetesVersion, and a cluster that pins none", async () => {
            const old = await evaluateFixture(() => aks({ version: "1.31" }), { policyConfig: { "kubernetes-minimum-version": { minKubernetesVersion: "1.32" } } });
            const [v] = old.of("kubernetes-minimum-version");
            assert.strictEqual(v.urn, urnOf(old, "ManagedCluster", "aks"));
            assert.match(v.message, /runs Kubernetes 1\.31 \(at least 1\.32 required\)\./);
            const unpinned = await evaluateFixture(() => aks({ version: "none" }));
            assert.match(unpinned.of("kubernetes-minimum-version")[0].message, /does not pin a Kubernetes version/);
        });
        it("passes a minor or a patch version at or above the minimum", async () => {
            for (const version of ["1.32", "1.33.5"]) {
                const r = await evaluateFixture(() => aks({ version }), { policyConfig: { "kubernetes-minimum-version": { minKubernetesVersion: "1.32" } } });
                assert.deepStrictEqual(r.of("kubernetes-minimum-version"), [], version);
            }
        });
    });
});
