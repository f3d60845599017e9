import * as gcp from "../../components/shared/sdk/gcp";
import * as assert from "assert";
import { assertNoUnknownReads, evaluateFixture, FixtureResult, urnOf } from "../support/fixtures";
import { cluster, ClusterOverrides, cryptoKey, gpuPool, provider, region } from "./gcp-kubernetes-fixture";

// Every Kubernetes and GPU policy against a violating and a compliant GKE setup, through the same
// offline preview and analyzer as `npm run plan`. Keys are created in the fixture program, so their
// ids are unknown as in a real preview: the adapter must find them through dependencies.

const T = { cluster: "gcp:container/cluster:Cluster", pool: "gcp:container/nodePool:NodePool" };

/** A compliant cluster (with `overrides`) and, when asked, a compliant GPU pool. */
function clusterFixture(overrides: ClusterOverrides = {}, withPool = false) {
    return () => {
        const p = provider();
        const key = cryptoKey("platform", p);
        const c = cluster("gke", p, key.id, overrides);
        if (withPool) {
            gpuPool("gpu", p, c, key.id);
        }
    };
}

/** A compliant cluster and one GPU pool built by `pool`. */
function poolFixture(pool: (p: gcp.Provider, c: gcp.container.Cluster, key: gcp.kms.CryptoKey) => void) {
    return () => {
        const p = provider();
        const key = cryptoKey("platform", p);
        pool(p, cluster("gke", p, key.id), key);
    };
}

/** The advisory the CLI gives, instead of a verdict, for a stack policy that read an unknown value. */
function cantRun(r: FixtureResult, policy: string, path: RegExp): void {
    const found = r.of(policy);
    assert.deepStrictEqual(found.map((v) => v.level), ["advisory"], JSON.stringify(found.map((v) => v.detail)));
    assert.match(found[0].message, /^can't run policy '[^']+' from policy pack '[^']+' during preview: /);
    assert.match(found[0].message, path);
}

describe("Kubernetes and GPU policies on GCP", () => {
    it("a compliant cluster with a compliant GPU pool passes every Kubernetes and GPU policy, reading no unknown value", async () => {
        const r = await evaluateFixture(clusterFixture({}, true), { policyConfig: { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } } });
        assert.deepStrictEqual(r.violations.filter((v) => /^(kubernetes|gpu)-/.test(v.policy)), []);
        assertNoUnknownReads(r);
        assert.ok(r.evaluated.includes("kubernetes-secrets-encryption-cmk") && r.evaluated.includes("gpu-pool-tainted"));
    });

    describe("kubernetes-api-not-public", () => {
        it("flags a public endpoint open to 0.0.0.0/0, and a DNS endpoint open to user traffic that takes Kubernetes credentials", async () => {
            for (const overrides of [
                { privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "0.0.0.0/0" }] } },
                { controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true, enableK8sTokensViaDns: true }, ipEndpointsConfig: { enabled: true } } },
                { controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true, enableK8sCertsViaDns: true }, ipEndpointsConfig: { enabled: true } } },
            ] as ClusterOverrides[]) {
                const r = await evaluateFixture(clusterFixture(overrides));
                const flagged = r.of("kubernetes-api-not-public");
                assert.deepStrictEqual(flagged.map((v) => v.urn), [urnOf(r, T.cluster, "gke")], JSON.stringify(overrides));
                assert.match(flagged[0].message, /the API endpoint accepts 0\.0\.0\.0\/0\./);
            }
        });
        it("passes a private endpoint, and a public one restricted to named ranges", async () => {
            assert.deepStrictEqual((await evaluateFixture(clusterFixture())).of("kubernetes-api-not-public"), []);
            const restricted = await evaluateFixture(
                clusterFixture({
                    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
                    masterAuthorizedNetworksConfig: { cidrBlocks: [{ cidrBlock: "203.0.113.0/24" }], gcpPublicCidrsAccessEnabled: false },
                }),
            );
            assert.deepStrictEqual(restricted.of("kubernetes-api-not-public"), []);
        });
        it("passes a DNS-based endpoint open to user traffic with Google credentials only: IAM gates it, not the network", async () => {
            for (const dnsEndpointConfig of [
                { allowExternalTraffic: true, enableK8sCertsViaDns: false, enableK8sTokensViaDns: false },
                { allowExternalTraffic: true },
            ]) {
                const r = await evaluateFixture(clusterFixture({ controlPlaneEndpointsConfig: { dnsEndpointConfig, ipEndpointsConfig: { enabled: true } } }));
                assert.deepStrictEqual(r.of("kubernetes-api-not-public"), [], JSON.stringify(dnsEndpointConfig));
                assertNoUnknownReads(r);
            }
        });
    });

    describe("kubernetes-secrets-encryption-cmk", () => {
        it("flags a cluster without application-layer secrets encryption", async () => {
            const r = await evaluateFixture(clusterFixture({ databaseEncryption: { state: "DECRYPTED" } }));
            const [v] = r.of("kubernetes-secrets-encryption-cmk");
            assert.strictEqual(v?.urn, urnOf(r, T.cluster, "gke"));
            assert.match(v.message, /does not encrypt secrets with a customer-managed key/);
        });
        it("passes a key of the program (id unknown in the preview) and a key named as text", async () => {
            const own = await evaluateFixture(clusterFixture());
            assert.deepStrictEqual(own.of("kubernetes-secrets-encryption-cmk"), []);
            assertNoUnknownReads(own);
            const named = await evaluateFixture(() => {
                cluster("gke", provider(), "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k");
            });
            assert.deepStrictEqual(named.of("kubernetes-secrets-encryption-cmk"), []);
        });
    });

    describe("kubernetes-audit-logging", () => {
        it("flags a cluster whose logging leaves out the API server (judged without the computed loggingService), and one exporting no logs", async () => {
            for (const overrides of [
                { loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] }, loggingService: undefined },
                { loggingService: "none" },
            ] as ClusterOverrides[]) {
                const r = await evaluateFixture(clusterFixture(overrides));
                const [v] = r.of("kubernetes-audit-logging");
                assert.strictEqual(v?.urn, urnOf(r, T.cluster, "gke"), JSON.stringify(overrides));
                assert.match(v.message, /does not collect the API server's audit log/);
            }
        });
        it("passes a cluster logging APISERVER", async () => {
            assert.deepStrictEqual((await evaluateFixture(clusterFixture())).of("kubernetes-audit-logging"), []);
        });
    });

    describe("kubernetes-node-disk-encryption", () => {
        it("flags boot disks on a Google-managed key when a customer-managed key is required, naming the pool", async () => {
            const r = await evaluateFixture(poolFixture((p, c) => gpuPool("gpu", p, c, undefined)), {
                policyConfig: { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } },
            });
            const [v] = r.of("kubernetes-node-disk-encryption");
            assert.strictEqual(v?.urn, urnOf(r, T.pool, "gpu"));
            assert.match(v.message, /node disks are encrypted with a cloud-managed key, not a customer-managed one/);
        });
        it("passes boot disks on a key of the program, and any disk when no customer-managed key is required (GCE always encrypts)", async () => {
            const strict = { policyConfig: { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } } };
            const cmk = await evaluateFixture(poolFixture((p, c, key) => gpuPool("gpu", p, c, key.id)), strict);
            assert.deepStrictEqual(cmk.of("kubernetes-node-disk-encryption"), []);
            assertNoUnknownReads(cmk);
            const google = await evaluateFixture(poolFixture((p, c) => gpuPool("gpu", p, c, undefined)));
            assert.deepStrictEqual(google.of("kubernetes-node-disk-encryption"), []);
        });
    });

    describe("gpu-pool-tainted", () => {
        it("flags a GPU pool without the taint, and an accelerator-optimized machine whose GPUs are not listed", async () => {
            const r = await evaluateFixture(
                poolFixture((p, c, key) => {
                    gpuPool("untainted", p, c, key.id, { taints: [] });
                    gpuPool("a2", p, c, key.id, { machineType: "a2-highgpu-1g", guestAccelerators: [], taints: [{ key: "dedicated", value: "ml", effect: "NO_SCHEDULE" }] });
                }),
            );
            const flagged = r.of("gpu-pool-tainted");
            assert.deepStrictEqual(flagged.map((v) => v.urn).sort(), [urnOf(r, T.pool, "untainted"), urnOf(r, T.pool, "a2")].sort());
            assert.ok(flagged.every((v) => /has GPUs but not the taint nvidia\.com\/gpu=present:NoSchedule/.test(v.message)));
        });
        it("flags the default pool of a cluster that keeps it, on a GPU machine, naming the cluster", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const key = cryptoKey("platform", p);
                cluster("gke", p, key.id, { removeDefaultNodePool: false, nodeLocations: [`${region}-a`], nodeConfig: { machineType: "g2-standard-4", bootDiskKmsKey: key.id } });
            });
            const [v] = r.of("gpu-pool-tainted");
            assert.strictEqual(v?.urn, urnOf(r, T.cluster, "gke"));
            assertNoUnknownReads(r);
        });
        it("passes a GPU pool tainted NO_SCHEDULE (GKE's spelling), and ignores a pool without GPUs (an E2 machine: its accelerators are not read)", async () => {
            const r = await evaluateFixture(
                poolFixture((p, c, key) => {
                    gpuPool("gpu", p, c, key.id);
                    // As the platform's system pool: guestAccelerators left out (computed, unknown in the preview).
                    gpuPool("cpu", p, c, key.id, { machineType: "e2-standard-4", guestAccelerators: undefined, taints: [] });
                }),
            );
            assert.deepStrictEqual(r.of("gpu-pool-tainted"), []);
            assertNoUnknownReads(r);
        });
    });

    describe("gpu-pool-scale-to-zero-spot (advisory)", () => {
        it("flags a GPU pool that keeps nodes and runs on demand, counting per-zone minimums over the zones", async () => {
            const r = await evaluateFixture(
                poolFixture((p, c, key) => {
                    gpuPool("kept", p, c, key.id, { spot: false }, { autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 2 } });
                    gpuPool("perzone", p, c, key.id, {}, { autoscaling: { minNodeCount: 1, maxNodeCount: 2 } });
                }),
            );
            const flagged = r.of("gpu-pool-scale-to-zero-spot");
            assert.ok(flagged.every((v) => v.level === "advisory"));
            const byUrn = new Map(flagged.map((v) => [v.urn, v.detail]));
            assert.match(byUrn.get(urnOf(r, T.pool, "kept"))!, /keeps 1 node\(s\) when idle and uses on-demand capacity/);
            assert.match(byUrn.get(urnOf(r, T.pool, "perzone"))!, /keeps 2 node\(s\) when idle\.$/);
        });
        it("passes a spot GPU pool scaling from zero", async () => {
            assert.deepStrictEqual((await evaluateFixture(clusterFixture({}, true))).of("gpu-pool-scale-to-zero-spot"), []);
        });
    });

    describe("kubernetes-minimum-version", () => {
        it("flags a cluster below minKubernetesVersion, and one that pins no version", async () => {
            const old = await evaluateFixture(clusterFixture({ minMasterVersion: "1.31.4-gke.100" }), { policyConfig: { "kubernetes-minimum-version": { minKubernetesVersion: "1.32" } } });
            const [v] = old.of("kubernetes-minimum-version");
            assert.strictEqual(v?.urn, urnOf(old, T.cluster, "gke"));
            assert.match(v.message, /runs Kubernetes 1\.31 \(at least 1\.32 required\)/);
            // Without the default pool there is no nodeVersion to pin either: judged without reading it.
            const unpinned = await evaluateFixture(clusterFixture({ minMasterVersion: undefined }));
            assert.match(unpinned.of("kubernetes-minimum-version")[0].message, /does not pin a Kubernetes version/);
        });
        it("passes a cluster at or above the minimum, however GKE spells the version", async () => {
            for (const minMasterVersion of ["1.33", "1.34.1-gke.1829001"]) {
                const r = await evaluateFixture(clusterFixture({ minMasterVersion }), { policyConfig: { "kubernetes-minimum-version": { minKubernetesVersion: "1.33" } } });
                assert.deepStrictEqual(r.of("kubernetes-minimum-version"), [], minMasterVersion);
            }
        });
    });

    // What the CLI cannot judge during a preview of a new stack: a computed property the program
    // leaves out is unknown, and a policy that needs it ends with this advisory instead of a verdict.
    describe("left to the provider: the CLI cannot judge during a preview", () => {
        it("a public endpoint without authorized networks (masterAuthorizedNetworksConfig)", async () => {
            const r = await evaluateFixture(clusterFixture({ privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false }, masterAuthorizedNetworksConfig: undefined }));
            cantRun(r, "kubernetes-api-not-public", /\.masterAuthorizedNetworksConfig can't be known/);
        });
        it("GKE's default secrets encryption (databaseEncryption)", async () => {
            cantRun(await evaluateFixture(clusterFixture({ databaseEncryption: undefined })), "kubernetes-secrets-encryption-cmk", /\.databaseEncryption can't be known/);
        });
        it("GKE's default logging (loggingConfig), and APISERVER logs with the logging service left out", async () => {
            cantRun(await evaluateFixture(clusterFixture({ loggingConfig: undefined })), "kubernetes-audit-logging", /\.loggingConfig can't be known/);
            cantRun(await evaluateFixture(clusterFixture({ loggingService: undefined })), "kubernetes-audit-logging", /\.loggingService can't be known/);
        });
        it("an N1 pool that leaves its accelerators out: N1 machines take attached GPUs", async () => {
            const r = await evaluateFixture(poolFixture((p, c, key) => gpuPool("n1", p, c, key.id, { guestAccelerators: undefined })));
            cantRun(r, "gpu-pool-tainted", /\.nodeConfig\.guestAccelerators can't be known/);
        });
        it("a cluster that keeps its default pool but pins no version (nodeVersion)", async () => {
            const r = await evaluateFixture(clusterFixture({ removeDefaultNodePool: false, minMasterVersion: undefined, nodeConfig: { machineType: "e2-standard-4" } }));
            cantRun(r, "kubernetes-minimum-version", /\.nodeVersion can't be known/);
        });
    });
});
