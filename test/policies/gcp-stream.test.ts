import * as gcp from "../../components/shared/sdk/gcp";
import { PolicyResource } from "@pulumi/policy";
import * as assert from "assert";
import { gcpStream } from "../../policy/lib/gcp-stream";
import { ResourceIndex } from "../../policy/lib/resource-index";
import { assertNoUnknownReads, evaluateFixture, flagged, streamPolicyNames, urnOf } from "../support/fixtures";
import { backupRegion, cryptoKey, kafkaCluster, project, provider, region, streamFixture, topic } from "./gcp-stream-fixture";

// Every stream policy, plus storage-encryption-cmk and data-retained-on-delete on the Kafka cluster,
// against a violating and a compliant Managed Kafka setup, through the same offline preview and
// analyzer as `npm run plan`, with the pack's default (prod) settings.

const T = {
    cluster: "gcp:managedkafka/cluster:Cluster",
    topic: "gcp:managedkafka/topic:Topic",
};

/** A stand-in for a PolicyResource as the analyzer hands it to stack policies. */
function policyResource(type: string, name: string, props: Record<string, unknown>): PolicyResource {
    return {
        type,
        name,
        urn: `urn:pulumi:test::fixture::${type}::${name}`,
        props,
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    } as unknown as PolicyResource;
}

describe("stream policies on GCP (Managed Service for Apache Kafka)", () => {
    it("a compliant stream and its copy pass every stream policy, storage-encryption-cmk and data-retained-on-delete, reading no unknown value", async () => {
        const r = await evaluateFixture(streamFixture());
        for (const policy of streamPolicyNames) {
            assert.ok(r.evaluated.includes(policy), policy);
            assert.deepStrictEqual(r.of(policy), [], policy);
        }
        const kafka = r.resources.filter((x) => x.type.startsWith("gcp:managedkafka/")).map((x) => x.urn);
        assert.deepStrictEqual(r.of("storage-encryption-cmk").filter((v) => kafka.includes(v.urn!)), []);
        assert.deepStrictEqual(r.of("data-retained-on-delete").filter((v) => kafka.includes(v.urn!)), []);
        assertNoUnknownReads(r);
    });

    describe("stream-encryption-in-transit", () => {
        it("has nothing to flag on GCP: the adapter reports TLS as enforced by the service for any cluster, mTLS or not", () => {
            // Managed Kafka has no plaintext listener and no setting for one, so no cluster can
            // violate the policy; the adapter must say so instead of inventing transport settings.
            for (const props of [{ location: region }, { location: region, tlsConfig: { trustConfig: { casConfigs: [{ caPool: "projects/p/locations/us-central1/caPools/ca" }] } } }]) {
                const [view] = gcpStream.streams(new ResourceIndex([policyResource(T.cluster, "events", props)]));
                assert.strictEqual(view.transport(), "enforced-by-cloud");
            }
        });
        it("passes a cluster of the program", async () => {
            const r = await evaluateFixture(streamFixture({ replicaIn: false }));
            assert.ok(r.evaluated.includes("stream-encryption-in-transit"));
            assert.deepStrictEqual(r.of("stream-encryption-in-transit"), []);
        });
    });

    describe("stream-retention", () => {
        it("flags a topic kept less than minRetentionHours (168 by default)", async () => {
            const r = await evaluateFixture(streamFixture({ main: { retentionHours: 24 } }));
            flagged(r, "stream-retention", urnOf(r, T.topic, "events-raw-events"), /\(raw-events\) keeps messages 24 hours \(at least 168 required\)/);
        });
        it("passes 168 hours, and forever (retention.ms -1)", async () => {
            assert.deepStrictEqual((await evaluateFixture(streamFixture())).of("stream-retention"), []);
            const forever = await evaluateFixture(() => {
                const p = provider();
                const c = kafkaCluster("events", p, cryptoKey("primary", p).id);
                new gcp.managedkafka.Topic("events-raw-events", { project, location: region, cluster: c.clusterId, topicId: "raw-events", replicationFactor: 3, configs: { "retention.ms": "-1" } }, { provider: p });
            });
            assert.deepStrictEqual(forever.of("stream-retention"), []);
        });
    });

    describe("stream-dead-letter-topics", () => {
        it("flags a topic without its .dlq, one whose .dlq is in another cluster, and a .dlq kept shorter than its topic", async () => {
            const missing = await evaluateFixture(streamFixture({ dlq: false }));
            flagged(missing, "stream-dead-letter-topics", urnOf(missing, T.topic, "events-raw-events"), /\(raw-events\) has no dead-letter topic raw-events\.dlq/);

            const elsewhere = await evaluateFixture(() => {
                const p = provider();
                const key = cryptoKey("primary", p).id;
                topic("events", "raw-events", p, kafkaCluster("events", p, key));
                topic("other", "raw-events.dlq", p, kafkaCluster("other", p, key), { retentionHours: 336 });
            });
            flagged(elsewhere, "stream-dead-letter-topics", urnOf(elsewhere, T.topic, "events-raw-events"), /has no dead-letter topic raw-events\.dlq/);

            const shorter = await evaluateFixture(streamFixture({ dlq: { retentionHours: 100 } }));
            flagged(shorter, "stream-dead-letter-topics", urnOf(shorter, T.topic, "events-raw-events.dlq"), /\(raw-events\.dlq\) keeps messages 100 hours, less than its topic's 168/);
        });
        it("passes a .dlq kept longer, also when a topic names its cluster by id rather than by the resource", async () => {
            assert.deepStrictEqual((await evaluateFixture(streamFixture())).of("stream-dead-letter-topics"), []);
            const literal = await evaluateFixture(() => {
                const p = provider();
                const c = kafkaCluster("events", p, cryptoKey("primary", p).id);
                topic("events", "raw-events", p, c);
                // Named by text: found through its id and location.
                new gcp.managedkafka.Topic(
                    "events-raw-events.dlq",
                    { project, location: region, cluster: "events", topicId: "raw-events.dlq", replicationFactor: 3, configs: { "retention.ms": String(336 * 3_600_000), "min.insync.replicas": "2" } },
                    { provider: p, dependsOn: [c] },
                );
            });
            assert.deepStrictEqual(literal.of("stream-dead-letter-topics"), []);
        });
    });

    describe("stream-replication-durability", () => {
        it("flags a topic with fewer than 3 replicas, and a cluster whose topics acknowledge on fewer than 2 or leave the broker default", async () => {
            const rf = await evaluateFixture(streamFixture({ main: { replicationFactor: 2 } }));
            flagged(rf, "stream-replication-durability", urnOf(rf, T.topic, "events-raw-events"), /\(raw-events\) has 2 replica\(s\) \(at least 3 required\)/);

            const isr = await evaluateFixture(streamFixture({ dlq: { minInSyncReplicas: 1 } }));
            flagged(isr, "stream-replication-durability", urnOf(isr, T.cluster, "events"), /min\.insync\.replicas is 1 \(at least 2 required\)/);

            const unset = await evaluateFixture(streamFixture({ main: { minInSyncReplicas: null } }));
            flagged(unset, "stream-replication-durability", urnOf(unset, T.cluster, "events"), /min\.insync\.replicas is the broker default \(1\)/);
        });
        it("passes 3 replicas acknowledged by 2, and what the dev config accepts (2 and 1)", async () => {
            assert.deepStrictEqual((await evaluateFixture(streamFixture())).of("stream-replication-durability"), []);
            const dev = await evaluateFixture(streamFixture({ main: { replicationFactor: 2, minInSyncReplicas: 1 }, dlq: { replicationFactor: 2, minInSyncReplicas: 1 } }), {
                policyConfig: { "stream-replication-durability": { minReplicationFactor: 2, minInSyncReplicas: 1 } },
            });
            assert.deepStrictEqual(dev.of("stream-replication-durability"), []);
        });
    });

    describe("stream-private-access", () => {
        it("flags a cluster with a public cluster config (internet access from allowed ranges)", async () => {
            // gcpConfig.accessConfig.publicClusterConfig is newer than @pulumi/gcp 9.37; a program on a
            // later SDK sends it like this.
            const gcpConfig = {
                accessConfig: { networkConfigs: [{ subnet: `projects/${project}/regions/${region}/subnetworks/psc` }], publicClusterConfig: { allowedSourceIpRanges: ["203.0.113.0/24"] } },
            } as unknown as gcp.types.input.managedkafka.ClusterGcpConfig;
            const r = await evaluateFixture(streamFixture({ cluster: { gcpConfig }, googleKey: true }));
            flagged(r, "stream-private-access", urnOf(r, T.cluster, "events"), /accepts connections from public networks/);
        });
        it("passes a cluster reachable through its subnet's Private Service Connect endpoints only", async () => {
            assert.deepStrictEqual((await evaluateFixture(streamFixture())).of("stream-private-access"), []);
        });
    });

    describe("stream-authenticated-access", () => {
        it("flags a cluster that trusts client certificates (mTLS) besides Google identities", async () => {
            const r = await evaluateFixture(streamFixture({ cluster: { tlsConfig: { trustConfig: { casConfigs: [{ caPool: `projects/${project}/locations/${region}/caPools/clients` }] } } } }));
            flagged(r, "stream-authenticated-access", urnOf(r, T.cluster, "events"), /lets clients in without the cloud's identity: mTLS client certificates/);
        });
        it("passes a cluster with IAM (SASL) clients only, and one with an empty TLS config", async () => {
            assert.deepStrictEqual((await evaluateFixture(streamFixture())).of("stream-authenticated-access"), []);
            assert.deepStrictEqual((await evaluateFixture(streamFixture({ cluster: { tlsConfig: {} } }))).of("stream-authenticated-access"), []);
        });
        it("cannot judge, during a preview, a cluster that leaves tlsConfig to the provider (computed, so unknown)", async () => {
            const r = await evaluateFixture(streamFixture({ cluster: { tlsConfig: undefined } }));
            const found = r.of("stream-authenticated-access");
            assert.deepStrictEqual(found.map((v) => v.level), ["advisory"]);
            assert.match(found[0].message, /^can't run policy 'stream-authenticated-access' from policy pack '[^']+' during preview: .*\.tlsConfig can't be known/);
        });
    });

    describe("stream-cross-region-replication", () => {
        it("flags a cluster without a copy, and one copied within its own region", async () => {
            const none = await evaluateFixture(streamFixture({ replicaIn: false }));
            flagged(none, "stream-cross-region-replication", urnOf(none, T.cluster, "events"), /is not replicated to another region/);
            const sameRegion = await evaluateFixture(streamFixture({ replicaIn: region }));
            flagged(sameRegion, "stream-cross-region-replication", urnOf(sameRegion, T.cluster, "events"), /is not replicated to another region/);
        });
        it("passes a MirrorMaker 2 copy into another region (the copy itself needs none), found through dependencies or by bootstrap address", async () => {
            for (const literal of [false, true]) {
                const r = await evaluateFixture(streamFixture({ literal }));
                assert.deepStrictEqual(r.of("stream-cross-region-replication"), [], `literal: ${literal}`);
                assertNoUnknownReads(r);
            }
        });
        it("reads a MirrorMaker connector's direction: the source from its configs, the target from its Connect cluster", () => {
            const events = policyResource(T.cluster, "events", { clusterId: "events", location: region, project });
            const replica = policyResource(T.cluster, "replica", { clusterId: "replica", location: backupRegion, project });
            const connect = policyResource("gcp:managedkafka/connectCluster:ConnectCluster", "mirror", {});
            (connect.propertyDependencies as Record<string, PolicyResource[]>).kafkaCluster = [replica];
            const configs = {
                "connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector",
                "source.cluster.bootstrap.servers": `bootstrap.events.${region}.managedkafka.${project}.cloud.goog:9092`,
                "target.cluster.bootstrap.servers": `bootstrap.replica.${backupRegion}.managedkafka.${project}.cloud.goog:9092`,
            };
            const linked = policyResource("gcp:managedkafka/connector:Connector", "mirror", { configs });
            Object.assign(linked.propertyDependencies, { connectCluster: [connect], configs: [events, replica] });
            const literal = policyResource("gcp:managedkafka/connector:Connector", "mirror-literal", { configs });
            const sink = policyResource("gcp:managedkafka/connector:Connector", "sink", { configs: { ...configs, "connector.class": "io.aiven.kafka.connect.gcs.GcsSinkConnector" } });
            const edges = gcpStream.replicationEdges(new ResourceIndex([events, replica, connect, linked, literal, sink]));
            assert.deepStrictEqual(
                edges.map((e) => [e.via.name, e.source.name, e.target.name]),
                [
                    ["mirror", "events", "replica"],
                    ["mirror-literal", "events", "replica"],
                ],
            );
        });
    });

    describe("storage-encryption-cmk (Kafka cluster)", () => {
        it("flags a cluster on a Google-managed key", async () => {
            const r = await evaluateFixture(streamFixture({ googleKey: true }));
            flagged(r, "storage-encryption-cmk", urnOf(r, T.cluster, "events"), /\(Kafka cluster\) is encrypted with a cloud-managed key, not a customer-managed one/);
        });
        it("passes a key of the program (id unknown in the preview) and a key named as text", async () => {
            const own = await evaluateFixture(streamFixture());
            assert.deepStrictEqual(own.of("storage-encryption-cmk"), []);
            const named = await evaluateFixture(() => {
                kafkaCluster("events", provider(), `projects/${project}/locations/${region}/keyRings/r/cryptoKeys/k`);
            });
            assert.deepStrictEqual(named.of("storage-encryption-cmk"), []);
        });
    });

    describe("data-retained-on-delete (Kafka cluster and topics)", () => {
        it("flags a cluster and a topic that would be deleted with their messages, offline and under the CLI (deletionPolicy tells)", async () => {
            for (const asCli of [false, true]) {
                const r = await evaluateFixture(streamFixture({ cluster: { deletionPolicy: "DELETE" }, main: { deletionPolicy: "DELETE" }, replicaIn: false }), { asCli });
                const urns = r.of("data-retained-on-delete").map((v) => v.urn);
                assert.ok(urns.includes(urnOf(r, T.cluster, "events")) && urns.includes(urnOf(r, T.topic, "events-raw-events")), `asCli ${asCli}: ${urns}`);
                assert.ok(!urns.includes(urnOf(r, T.topic, "events-raw-events.dlq")), "the ABANDONed .dlq is retained");
                assert.match(r.of("data-retained-on-delete").find((v) => v.urn === urnOf(r, T.cluster, "events"))!.message, /gcp:managedkafka\/cluster:Cluster "events" would be deleted, with its data/);
            }
        });
        it("passes ABANDON under the CLI, which is not told about retainOnDelete", async () => {
            const r = await evaluateFixture(streamFixture(), { asCli: true });
            const kafka = r.resources.filter((x) => x.type === T.cluster || x.type === T.topic).map((x) => x.urn);
            assert.equal(kafka.length, 6);
            assert.deepStrictEqual(r.of("data-retained-on-delete").filter((v) => kafka.includes(v.urn!)), []);
            assert.ok(!r.notApplicable.some((n) => n.policy === "data-retained-on-delete" && kafka.includes(n.urn!)), "judged by deletionPolicy, not skipped");
        });
    });
});
