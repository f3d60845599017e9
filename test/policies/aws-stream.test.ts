import * as assert from "assert";
import { evaluateFixture, FixtureResult, streamPolicyNames, urnOf } from "../support/fixtures";
import { compliantStream, mskCluster, provider, replicator, topic, topicPair } from "./aws-stream-fixture";

// Each stream policy, and the storage ones that cover MSK, against a violating and a compliant MSK
// setup, through the same offline preview and analyzer as `npm run plan`. The compliant stream
// passes every one of them, so only the setting a test changes can make the policy under test speak.

const streamPolicies = [...streamPolicyNames, "storage-encryption-cmk"];

const cluster = (r: FixtureResult, name = "primary") => urnOf(r, "aws:msk/cluster:Cluster", name);
const topicUrn = (r: FixtureResult, name: string) => urnOf(r, "aws:msk/topic:Topic", name);
const only = (r: FixtureResult, policy: string) => {
    const found = r.of(policy);
    assert.strictEqual(found.length, 1, `${policy}: ${JSON.stringify(found.map((v) => v.detail))}`);
    assert.strictEqual(found[0].level, "mandatory");
    return found[0];
};

describe("stream policies on AWS (MSK)", () => {
    it("a compliant stream (TLS, IAM, platform key, 3/2 replicas, topic and DLQ, copied to another region) passes every stream policy, nothing unknown read", async () => {
        const r = await evaluateFixture(() => compliantStream());
        assert.deepStrictEqual(r.violations.filter((v) => streamPolicies.includes(v.policy)), []);
        assert.ok(!r.violations.some((v) => /can't run policy/.test(v.message)), "no policy read a value unknown during the preview");
    });

    describe("stream-encryption-in-transit", () => {
        it("flags a cluster that accepts plaintext from clients, and one with plaintext between brokers", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                mskCluster("mixed", { clientBroker: "TLS_PLAINTEXT" }, p);
                mskCluster("brokers", { inCluster: false }, p);
            });
            const found = r.of("stream-encryption-in-transit");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [cluster(r, "brokers"), cluster(r, "mixed")].sort());
            assert.ok(found.every((v) => /plaintext connections are accepted/.test(v.message)));
        });
        it("flags MSK's TLS 1.2 when the pack asks for 1.3", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", {}, provider()), { policyConfig: { "stream-encryption-in-transit": { minTlsVersion: "1.3" } } });
            assert.match(only(r, "stream-encryption-in-transit").message, /TLS older than 1\.3 is accepted/);
        });
        it("passes TLS only, inside the cluster too (also when left to MSK's defaults)", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", {}, provider()));
            assert.deepStrictEqual(r.of("stream-encryption-in-transit"), []);
        });
    });

    describe("stream-retention", () => {
        it("flags a topic kept 24 hours, and one left to a broker configuration that keeps 24 hours", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const c = mskCluster("primary", { properties: "default.replication.factor=3\nmin.insync.replicas=2\nlog.retention.hours=24" }, p);
                topic("short", c, { retentionHours: 24 }, p);
                topic("inherits", c, { retentionHours: "broker-default" }, p);
            });
            const found = r.of("stream-retention");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [topicUrn(r, "inherits"), topicUrn(r, "short")].sort());
            assert.ok(found.some((v) => /\(short\) keeps messages 24 hours \(at least 168 required\)/.test(v.message)));
        });
        it("passes 168 hours, Kafka's default when nothing says otherwise, and -1 (forever)", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const c = mskCluster("primary", { properties: "none" }, p);
                topic("week", c, { retentionHours: 168 }, p);
                topic("default", c, { retentionHours: "broker-default" }, p);
                topic("forever", c, { retentionHours: -1 / 3_600_000 }, p);
            });
            assert.deepStrictEqual(r.of("stream-retention"), []);
        });
    });

    describe("stream-dead-letter-topics", () => {
        it("flags a topic without <name>.dlq (a DLQ on another cluster does not count) and a DLQ kept shorter than its topic", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const c = mskCluster("primary", {}, p);
                const other = mskCluster("other", {}, p);
                topic("lonely", c, {}, p);
                topic("elsewhere", c, {}, p);
                topic("elsewhere.dlq", other, {}, p);
                topicPair("brief", c, p, { hours: 336, dlqHours: 200 });
            });
            const found = r.of("stream-dead-letter-topics");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [topicUrn(r, "brief.dlq"), topicUrn(r, "elsewhere"), topicUrn(r, "lonely")].sort());
            assert.ok(found.some((v) => /\(lonely\) has no dead-letter topic lonely\.dlq/.test(v.message)));
            assert.ok(found.some((v) => /\(brief\.dlq\) keeps messages 200 hours, less than its topic's 336/.test(v.message)));
        });
        it("passes a topic with its DLQ on the same cluster, kept longer", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                topicPair("events", mskCluster("primary", {}, p), p);
            });
            assert.deepStrictEqual(r.of("stream-dead-letter-topics"), []);
        });
    });

    describe("stream-replication-durability", () => {
        it("flags a configuration with 2 replicas and min.insync.replicas 1, a topic with 2 replicas, and a cluster with no configuration", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const weak = mskCluster("weak", { properties: "default.replication.factor=2\nmin.insync.replicas=1" }, p);
                topic("thin", weak, { replicationFactor: 2 }, p);
                mskCluster("bare", { properties: "none" }, p);
            });
            const found = r.of("stream-replication-durability");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [cluster(r, "bare"), cluster(r, "weak"), cluster(r, "weak"), topicUrn(r, "thin")].sort());
            assert.ok(found.some((v) => /new topics get 2 replica\(s\) \(at least 3 required\)/.test(v.message)));
            assert.ok(found.some((v) => v.urn === cluster(r, "weak") && /min\.insync\.replicas is 1 \(at least 2 required\)/.test(v.message)));
            assert.ok(found.some((v) => v.urn === cluster(r, "bare") && /min\.insync\.replicas is the broker default \(1\)/.test(v.message)));
            assert.ok(found.some((v) => /\(thin\) has 2 replica\(s\)/.test(v.message)));
        });
        it("passes 3 replicas and min.insync.replicas 2; dev's 2/1 passes dev's policy config", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                topic("events", mskCluster("primary", {}, p), {}, p);
            });
            assert.deepStrictEqual(r.of("stream-replication-durability"), []);
            const dev = await evaluateFixture(
                () => {
                    const p = provider();
                    topic("events", mskCluster("primary", { properties: "default.replication.factor=2\nmin.insync.replicas=1" }, p), { replicationFactor: 2 }, p);
                },
                { policyConfig: { "stream-replication-durability": { minReplicationFactor: 2, minInSyncReplicas: 1 } } },
            );
            assert.deepStrictEqual(dev.of("stream-replication-durability"), []);
        });
    });

    describe("stream-private-access", () => {
        it("flags brokers with public access", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", { publicAccess: true }, provider()));
            const v = only(r, "stream-private-access");
            assert.strictEqual(v.urn, cluster(r));
            assert.match(v.message, /accepts connections from public networks/);
        });
        it("passes brokers reachable from the VPC only", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", {}, provider()));
            assert.deepStrictEqual(r.of("stream-private-access"), []);
        });
        it("reports, as the CLI does, that it cannot run when the connectivity settings are left to the provider, which computes them", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", { publicAccess: "unstated" }, provider()));
            const [v] = r.of("stream-private-access");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'stream-private-access' .* during preview: .* at \.brokerNodeGroupInfo\.connectivityInfo/);
        });
    });

    describe("stream-authenticated-access", () => {
        it("flags unauthenticated access, SCRAM passwords, and a cluster that names no authentication at all", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                mskCluster("open", { auth: "unauthenticated" }, p);
                mskCluster("passwords", { auth: "scram" }, p);
                mskCluster("unset", { auth: "none" }, p);
            });
            const found = r.of("stream-authenticated-access");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [cluster(r, "open"), cluster(r, "passwords"), cluster(r, "unset")].sort());
            assert.ok(found.some((v) => v.urn === cluster(r, "open") && /without the cloud's identity: unauthenticated\.$/.test(v.message)));
            assert.ok(found.some((v) => v.urn === cluster(r, "passwords") && /SASL\/SCRAM passwords/.test(v.message)));
            assert.ok(found.some((v) => v.urn === cluster(r, "unset") && /no client authentication configured/.test(v.message)));
        });
        it("passes IAM only, without reading the multi-VPC connectivity the provider computes when it is left out", async () => {
            const r = await evaluateFixture(() => mskCluster("primary", { publicAccess: "unstated" }, provider()));
            assert.deepStrictEqual(r.of("stream-authenticated-access"), []);
        });
    });

    describe("stream-cross-region-replication", () => {
        it("flags a cluster nobody copies, and one copied within its own region", async () => {
            const r = await evaluateFixture(() => {
                const east = provider("us-east-1");
                mskCluster("alone", {}, east);
                const local = mskCluster("local", {}, east);
                replicator("same-region", local, mskCluster("local-copy", {}, east), east);
            });
            const found = r.of("stream-cross-region-replication");
            // Both clusters of a same-region pair are flagged: region is what tells a source from a copy.
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [cluster(r, "alone"), cluster(r, "local"), cluster(r, "local-copy")].sort());
            assert.ok(found.every((v) => /is not replicated to another region/.test(v.message)));
        });
        it("passes a cluster copied to another region by a Replicator in the target's region; the copy itself is not asked for a copy", async () => {
            const r = await evaluateFixture(() => compliantStream());
            assert.deepStrictEqual(r.of("stream-cross-region-replication"), []);
        });
    });

    describe("storage-encryption-cmk on MSK", () => {
        it("flags a cluster on MSK's AWS managed key, whether without encryption settings or named by alias", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                mskCluster("default-key", { key: "no-encryption-info" }, p);
                mskCluster("alias", { key: "aws-alias" }, p);
            });
            const found = r.of("storage-encryption-cmk");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [cluster(r, "alias"), cluster(r, "default-key")].sort());
            assert.ok(found.every((v) => /\(Kafka cluster\) is encrypted with a cloud-managed key/.test(v.message)));
        });
        it("reports, as the CLI does, that it cannot run when the encryption settings leave the key out: the provider computes it", async () => {
            const r = await evaluateFixture(() => mskCluster("default-key", { key: "none" }, provider()));
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-encryption-cmk' .* during preview: .* at \.encryptionInfo\.encryptionAtRestKmsKeyArn/);
        });
        it("passes a KMS key of the program (its ARN unknown during the preview) and a key ARN given as text", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                mskCluster("program", { key: "program-key" }, p);
                mskCluster("text", { key: "text-arn" }, p);
            });
            assert.deepStrictEqual(r.of("storage-encryption-cmk"), []);
        });
    });

    describe("data-retained-on-delete on MSK", () => {
        it("flags a cluster and a topic that would be deleted, with their messages, when they leave the program", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                topic("events", mskCluster("primary", {}, p), {}, p);
            });
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.detail.split(" would")[0]).sort(), [
                'aws:kms/key:Key "primary-key"',
                'aws:msk/cluster:Cluster "primary"',
                'aws:msk/topic:Topic "events"',
            ]);
        });
        it("passes a cluster and a topic created with retainOnDelete", async () => {
            const r = await evaluateFixture(() => {
                const p = provider();
                const c = mskCluster("primary", { key: "text-arn", opts: { retainOnDelete: true } }, p);
                topic("events", c, { opts: { retainOnDelete: true } }, p);
            });
            assert.deepStrictEqual(r.of("data-retained-on-delete"), []);
        });
    });
});
