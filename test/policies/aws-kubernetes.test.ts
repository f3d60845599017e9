import * as assert from "assert";
import { evaluateFixture, FixtureResult, kubernetesPolicyNames, urnOf } from "../support/fixtures";
import { compliantCluster, eksCluster, eksComponent, nodeGroup, provider } from "./aws-kubernetes-fixture";

// Each Kubernetes and GPU policy against a violating and a compliant EKS setup, through the same
// offline preview and analyzer as `npm run plan`. Compliant setups pass every one of these policies,
// so only the setting a test changes can make the policy under test speak.

const cluster = (r: FixtureResult, name = "c") => urnOf(r, "aws:eks/cluster:Cluster", name);
const group = (r: FixtureResult, name = "g") => urnOf(r, "aws:eks/nodeGroup:NodeGroup", name);
const kubernetesViolations = (r: FixtureResult) => r.violations.filter((v) => kubernetesPolicyNames.includes(v.policy));

/**
 * What a policy says about a setting the program leaves to the provider: a violation on the cluster
 * where the value is known, "can't run" (advisory, no urn) where a first preview cannot know it yet.
 * Either way it is not passed.
 */
function notPassed(r: FixtureResult, policy: string, urn: string): boolean {
    return r.of(policy).some((v) => v.urn === urn || (v.urn === undefined && /can't run policy/.test(v.message)));
}

describe("Kubernetes and GPU policies on AWS", () => {
    it("a compliant cluster with a compliant GPU group (declared, and as children of eks components) passes every Kubernetes and GPU policy, nothing unknown read", async () => {
        const r = await evaluateFixture(() => {
            const p = provider();
            eksCluster("c", {}, p);
            nodeGroup("g", {}, p);
            eksCluster("child", {}, p, { parent: eksComponent("e") });
            nodeGroup("m", { opts: { parent: eksComponent("m", "eks:index:ManagedNodeGroup") } }, p);
            nodeGroup("cpu", { instanceType: "m6i.xlarge", amiType: "AL2023_x86_64_STANDARD", taint: false, minNodes: 2, spot: false }, p);
        });
        assert.deepStrictEqual(kubernetesViolations(r), []);
    });

    describe("kubernetes-api-not-public", () => {
        it("flags a public endpoint that lists 0.0.0.0/0", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { publicApi: ["203.0.113.0/24", "0.0.0.0/0"] }, provider()));
            const [v] = r.of("kubernetes-api-not-public");
            assert.strictEqual(v?.urn, cluster(r));
            assert.match(v.message, /the API endpoint accepts 0\.0\.0\.0\/0\.$/);
            assert.strictEqual(v.level, "mandatory");
        });
        it("does not pass a public endpoint left to EKS's default, open to every address", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { publicApi: "default" }, provider()));
            assert.ok(notPassed(r, "kubernetes-api-not-public", cluster(r)), JSON.stringify(r.of("kubernetes-api-not-public")));
        });
        it("passes a private endpoint and a public one limited to listed ranges", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                eksCluster("private", { publicApi: false }, p);
                eksCluster("listed", { publicApi: ["203.0.113.0/24"] }, p);
            });
            assert.deepStrictEqual(r.of("kubernetes-api-not-public"), []);
        });
    });

    describe("kubernetes-secrets-encryption-cmk", () => {
        it("flags a cluster without envelope encryption of secrets", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { secretsKey: "none" }, provider()));
            const [v] = r.of("kubernetes-secrets-encryption-cmk");
            assert.strictEqual(v?.urn, cluster(r));
            assert.match(v.message, /does not encrypt secrets with a customer-managed key/);
        });
        it("passes a KMS key of the program (its ARN unknown during the preview) and a key ARN given as text", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                eksCluster("c", { secretsKey: "program-key" }, p);
                eksCluster("text", { secretsKey: "text-arn" }, p);
            });
            assert.deepStrictEqual(r.of("kubernetes-secrets-encryption-cmk"), []);
        });
    });

    describe("kubernetes-audit-logging", () => {
        it("flags a control plane that logs but not the audit log", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { logTypes: ["api", "authenticator"] }, provider()));
            const [v] = r.of("kubernetes-audit-logging");
            assert.strictEqual(v?.urn, cluster(r));
            assert.match(v.message, /does not collect the API server's audit log/);
        });
        it("passes audit logging", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { logTypes: ["audit"] }, provider()));
            assert.deepStrictEqual(r.of("kubernetes-audit-logging"), []);
        });
    });

    describe("kubernetes-node-disk-encryption", () => {
        it("flags a node group without a launch template and one whose template does not encrypt", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                nodeGroup("bare", { disk: "no-template" }, p);
                nodeGroup("plain", { disk: "unencrypted" }, p);
            });
            const found = r.of("kubernetes-node-disk-encryption");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [group(r, "bare"), group(r, "plain")].sort());
            assert.ok(found.every((v) => /node disks are not encrypted/.test(v.message)));
        });
        it("with requireCustomerManagedKey, flags volumes encrypted with the EBS default key", async () => {
            const r = await evaluateFixture(() => nodeGroup("g", { disk: "aws-key" }, provider()), {
                policyConfig: { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } },
            });
            const [v] = r.of("kubernetes-node-disk-encryption");
            assert.strictEqual(v?.urn, group(r));
            assert.match(v.message, /encrypted with a cloud-managed key, not a customer-managed one/);
        });
        it("passes volumes encrypted with a KMS key of the program even with requireCustomerManagedKey, and the EBS default key without it", async () => {
            const strict = await evaluateFixture(() => nodeGroup("g", { disk: "program-key" }, provider()), {
                policyConfig: { "kubernetes-node-disk-encryption": { requireCustomerManagedKey: true } },
            });
            assert.deepStrictEqual(strict.of("kubernetes-node-disk-encryption"), []);
            const lenient = await evaluateFixture(() => nodeGroup("g", { disk: "aws-key" }, provider()));
            assert.deepStrictEqual(lenient.of("kubernetes-node-disk-encryption"), []);
        });
    });

    describe("gpu-pool-tainted", () => {
        it("flags GPU groups without the taint: a declared node group, one an eks.ManagedNodeGroup creates, one recognised by its AMI alone", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                nodeGroup("g", { taint: false }, p);
                nodeGroup("m", { taint: false, opts: { parent: eksComponent("m", "eks:index:ManagedNodeGroup") } }, p);
                nodeGroup("byami", { taint: false, instanceType: "x9.large" }, p);
            });
            const found = r.of("gpu-pool-tainted");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [group(r, "g"), group(r, "byami"), group(r, "m")].sort());
            assert.match(found[0].message, /has GPUs but not the taint nvidia\.com\/gpu=present:NoSchedule/);
        });
        it("passes tainted GPU groups and untainted CPU groups", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                nodeGroup("g", { taint: true }, p);
                nodeGroup("cpu", { instanceType: "m6i.xlarge", amiType: "AL2023_x86_64_STANDARD", taint: false }, p);
            });
            assert.deepStrictEqual(r.of("gpu-pool-tainted"), []);
        });
    });

    describe("gpu-pool-scale-to-zero-spot (advisory)", () => {
        it("flags a GPU group that keeps nodes when idle and runs on demand", async () => {
            const r = await evaluateFixture(() => nodeGroup("g", { minNodes: 1, spot: false }, provider()));
            const [v] = r.of("gpu-pool-scale-to-zero-spot");
            assert.strictEqual(v?.urn, group(r));
            assert.match(v.message, /keeps 1 node\(s\) when idle and uses on-demand capacity\.$/);
            assert.strictEqual(v.level, "advisory");
        });
        it("passes a spot GPU group that scales to zero, and ignores CPU groups", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                nodeGroup("g", { minNodes: 0, spot: true }, p);
                nodeGroup("cpu", { instanceType: "m6i.xlarge", amiType: "AL2023_x86_64_STANDARD", taint: false, minNodes: 3, spot: false }, p);
            });
            assert.deepStrictEqual(r.of("gpu-pool-scale-to-zero-spot"), []);
        });
    });

    describe("kubernetes-minimum-version", () => {
        it("flags a version below minKubernetesVersion", async () => {
            const r = await evaluateFixture(() => eksCluster("old", { version: "1.30" }, provider()));
            const [v] = r.of("kubernetes-minimum-version");
            assert.strictEqual(v?.urn, cluster(r, "old"));
            assert.match(v.message, /runs Kubernetes 1\.30 \(at least 1\.34 required\)/);
        });
        it("does not pass a cluster that pins no version (EKS would pick one)", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { version: undefined }, provider()));
            assert.ok(notPassed(r, "kubernetes-minimum-version", cluster(r)), JSON.stringify(r.of("kubernetes-minimum-version")));
        });
        it("passes the configured minimum and above, and follows minKubernetesVersion", async () => {
            const r = await evaluateFixture(() => eksCluster("c", { version: compliantCluster.version }, provider()));
            assert.deepStrictEqual(r.of("kubernetes-minimum-version"), []);
            const strict = await evaluateFixture(() => eksCluster("c", { version: "1.35" }, provider()), { policyConfig: { "kubernetes-minimum-version": { minKubernetesVersion: "1.36" } } });
            assert.match(strict.of("kubernetes-minimum-version")[0].message, /runs Kubernetes 1\.35 \(at least 1\.36 required\)/);
        });
    });

    it("judges the AWS resources an eks component creates, whatever their parent, and never the component", async () => {
        const r = await evaluateFixture(() => {
            const p = provider();
            // What the CLI sends for eks.Cluster and eks.ManagedNodeGroup: the components (none of their
            // inputs) and, as their children, the AWS resources they create.
            eksCluster("c", { publicApi: ["0.0.0.0/0"], secretsKey: "none", logTypes: ["api"], version: "1.30" }, p, { parent: eksComponent("c") });
            nodeGroup("g", { taint: false, disk: "no-template" }, p);
            nodeGroup("child", { taint: false, disk: "no-template", opts: { parent: eksComponent("m", "eks:index:ManagedNodeGroup") } }, p);
        });
        const flagged = (policy: string) => r.of(policy).map((v) => v.urn).sort();
        for (const policy of ["kubernetes-api-not-public", "kubernetes-secrets-encryption-cmk", "kubernetes-audit-logging", "kubernetes-minimum-version"]) {
            assert.deepStrictEqual(flagged(policy), [cluster(r)], policy);
        }
        for (const policy of ["kubernetes-node-disk-encryption", "gpu-pool-tainted"]) {
            assert.deepStrictEqual(flagged(policy), [group(r, "child"), group(r, "g")].sort(), policy);
        }
        assert.ok(kubernetesViolations(r).every((v) => !r.resources.find((x) => x.urn === v.urn)?.type.startsWith("eks:index:")));
    });
});
