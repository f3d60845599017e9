import * as assert from "assert";
import { spawnSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { Environment } from "../components/shared/context";
import { addressPlan } from "../components/network/address-plan";
import { bootstrapServersOf, describeBootstrapCommand, dnsDomainOfBootstrap } from "../components/stream/gcp-limits";
import { ConfigError, readPlatformConfig } from "../stacks/config";
import { buildPlatform } from "../stacks/program";
import { PlanResult } from "../tools/offline/plan";
import { runProgram } from "./support/run";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig, parsedConfig } from "./support/config";
import { assertCleanPlan, ofType, one, planFor, stackConfig } from "./support/stack";
import { tempDir } from "./support/temp";
import { runUpdate, UpdateRun } from "./support/update";

const T = {
    provider: "pulumi:providers:gcp",
    key: "gcp:kms/cryptoKey:CryptoKey",
    keyGrant: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    subnet: "gcp:compute/subnetwork:Subnetwork",
    network: "gcp:compute/network:Network",
    bucket: "gcp:storage/bucket:Bucket",
    projectGrant: "gcp:projects/iAMMember:IAMMember",
    gsa: "gcp:serviceaccount/account:Account",
    cluster: "gcp:managedkafka/cluster:Cluster",
    topic: "gcp:managedkafka/topic:Topic",
    connectCluster: "gcp:managedkafka/connectCluster:ConnectCluster",
    connector: "gcp:managedkafka/connector:Connector",
    serviceIdentity: "gcp:projects/serviceIdentity:ServiceIdentity",
    command: "command:local:Command",
};
const ns = "ai-data-platform";
const project = "adp-test-project";
const agent = "serviceAccount:service-123456789012@gcp-sa-managedkafka.iam.gserviceaccount.com";
const hours = 3_600_000;

// Not the defaults, so every value below can only have come from the config.
const stream = {
    topics: [
        { name: "clicks", partitions: 6, retentionHours: 200 },
        { name: "orders", partitions: 4, retentionHours: 240 },
    ],
    dlqRetentionHours: 500,
};
const topicNames = ["clicks", "clicks.dlq", "orders", "orders.dlq"];

const primaryUrn = (r: PlanResult) => one(r, T.provider, "primary").urn;
const backupUrn = (r: PlanResult) => one(r, T.provider, "backup").urn;
const configs = (x: RecordedResource) => x.inputs.configs as Record<string, string>;
const topicsOf = (r: PlanResult, cluster: RecordedResource) => ofType(r, T.topic).filter((t) => t.propertyDependencies.cluster?.includes(cluster.urn));

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("gcp", overrides, environment);

const accepted = (overrides: Record<string, unknown>, environment: Environment = "prod"): void => void parsedConfig("gcp", overrides, environment);

describe("GCP event streams: Managed Service for Apache Kafka (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    /** Dev with archive and copy switched on; prod with both off. */
    let devAll: PlanResult;
    let prodBare: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("gcp", "prod", { [`${ns}:stream`]: stream }));
        dev = await planFor(stackConfig("gcp", "dev", { [`${ns}:stream`]: stream }));
        devAll = await planFor(stackConfig("gcp", "dev", { [`${ns}:stream`]: { ...stream, archiveToLake: true, replicateToBackupRegion: true } }));
        prodBare = await planFor(stackConfig("gcp", "prod", { [`${ns}:stream`]: { ...stream, archiveToLake: false, replicateToBackupRegion: false } }));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: passes its environment's policy config with no violation at all, with non-default topics`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "gcp", env);
        });
    }
    it("dev with archive and copy on passes dev's policy config too; prod without a copy is refused by prod's", () => {
        assertCleanPlan(devAll, "gcp", "dev");
        assert.deepStrictEqual(
            prodBare.analysis.violations.map((v) => [v.policy, v.level, v.urn]),
            [["stream-cross-region-replication", "mandatory", one(prodBare, T.cluster, "events").urn]],
        );
    });

    describe("topics", () => {
        it("declares every configured topic and its .dlq on the cluster, with partitions, retention and cleanup from the config", () => {
            const cluster = one(prod, T.cluster, "events");
            const topics = topicsOf(prod, cluster);
            assert.deepStrictEqual(topics.map((t) => t.inputs.topicId).sort(), topicNames);
            const byId = new Map(topics.map((t) => [t.inputs.topicId as string, t]));
            for (const [id, partitions, retention] of [["clicks", 6, 200], ["clicks.dlq", 6, 500], ["orders", 4, 240], ["orders.dlq", 4, 500]] as const) {
                const t = byId.get(id)!;
                assert.deepStrictEqual([t.inputs.partitionCount, t.inputs.location, t.inputs.project], [partitions, "us-central1", project], id);
                assert.strictEqual(configs(t)["retention.ms"], String(retention * hours), `${id}: ${retention} h`);
                assert.strictEqual(configs(t)["cleanup.policy"], "delete");
                assert.strictEqual(t.parent, cluster.urn);
            }
            assert.deepStrictEqual(prod.outputs.topics, ["clicks", "orders"]);
            assert.deepStrictEqual(prod.outputs.deadLetterTopics, { clicks: "clicks.dlq", orders: "orders.dlq" });
        });

        it("keeps three replicas acknowledged by two in prod, two acknowledged by one in dev", () => {
            for (const [r, rf, isr] of [[prod, 3, "2"], [dev, 2, "1"], [devAll, 2, "1"]] as const) {
                for (const t of ofType(r, T.topic)) {
                    assert.deepStrictEqual([t.inputs.replicationFactor, configs(t)["min.insync.replicas"]], [rf, isr], `${r.environment} ${t.name}`);
                }
            }
        });
    });

    describe("cluster", () => {
        it("sits in the primary region on the platform's Private Service Connect subnet only, sized per environment", () => {
            for (const r of [prod, dev]) {
                const cluster = one(r, T.cluster, "events");
                assert.deepStrictEqual([cluster.inputs.location, cluster.inputs.project, cluster.provider], ["us-central1", project, primaryUrn(r)]);
                const access = (cluster.inputs.gcpConfig as any).accessConfig;
                assert.strictEqual(access.networkConfigs.length, 1, "one subnet of the one VPC");
                assert.strictEqual(access.publicClusterConfig, undefined, "no public access");
                assert.ok(cluster.propertyDependencies.gcpConfig.includes(one(r, T.subnet, "endpoints").urn));
                assert.ok(!cluster.propertyDependencies.gcpConfig.includes(one(r, T.subnet, "nodes").urn));
            }
            assert.deepStrictEqual(one(prod, T.cluster, "events").inputs.capacityConfig, { vcpuCount: "6", memoryBytes: String(24 * 1024 ** 3) });
            assert.deepStrictEqual(one(dev, T.cluster, "events").inputs.capacityConfig, { vcpuCount: "3", memoryBytes: String(3 * 1024 ** 3) }, "the service's minimum");
            assert.strictEqual(one(prod, T.cluster, "events").inputs.clusterId, "adp-test-events");
        });

        it("trusts no client certificates, the copy neither: an explicit TLS config without a truststore (so policies can read it in a preview)", () => {
            for (const r of [prod, devAll]) {
                for (const cluster of ofType(r, T.cluster)) {
                    assert.deepStrictEqual(cluster.inputs.tlsConfig, { trustConfig: {} }, `${r.environment} ${cluster.name}`);
                }
            }
            assert.strictEqual(ofType(prod, T.cluster).length, 2, "the primary and its copy");
        });

        it("is encrypted with the primary platform key, which the Managed Kafka service agent may use before the cluster exists", () => {
            const cluster = one(prod, T.cluster, "events");
            const key = one(prod, T.key, "primary");
            assert.ok(cluster.propertyDependencies.gcpConfig.includes(key.urn), "kmsKey is the primary key");
            const grant = one(prod, T.keyGrant, "events-kafka-agent");
            assert.deepStrictEqual([grant.inputs.role, grant.inputs.member], ["roles/cloudkms.cryptoKeyEncrypterDecrypter", agent]);
            assert.ok(grant.propertyDependencies.cryptoKeyId.includes(key.urn));
            // IAM is eventually consistent: the cluster waits until the grant has propagated.
            const ready = one(prod, "time:index/sleep:Sleep", "events-key-propagation");
            assert.deepStrictEqual([ready.dependencies, ready.inputs.createDuration], [[grant.urn], "120s"]);
            assert.ok(cluster.dependencies.includes(ready.urn));
        });

        it("creates the Managed Kafka service agent first: Google makes it only with a first cluster, which needs the agent's key grant", () => {
            for (const r of [prod, devAll]) {
                const identity = one(r, T.serviceIdentity, "managedkafka-agent");
                assert.deepStrictEqual([identity.inputs.service, identity.inputs.project, identity.retainOnDelete], ["managedkafka.googleapis.com", project, false]);
                const toAgent = r.resources.filter((x) => x.inputs.member === agent);
                assert.deepStrictEqual(
                    toAgent.map((x) => x.name).sort(),
                    ["events-kafka-agent", "events-replica-kafka-agent", "streams-archive-writes-lake", "streams-connect-kafka-client"],
                );
                for (const g of toAgent) {
                    assert.ok(g.propertyDependencies.member.includes(identity.urn), `${g.name} waits for the agent`);
                }
            }
        });

        it("is retained in prod with its topics, its key grant and the subnets its endpoints live in; deleted in dev; Connect clusters and connectors are not data", () => {
            for (const [r, retained, policy] of [[prod, true, "ABANDON"], [devAll, false, "DELETE"]] as const) {
                for (const x of [...ofType(r, T.cluster), ...ofType(r, T.topic)]) {
                    assert.deepStrictEqual([x.retainOnDelete, x.inputs.deletionPolicy], [retained, policy], `${r.environment} ${x.name}`);
                }
                // A kept cluster keeps the use of its key (set once, never changed), and its Private
                // Service Connect endpoints keep their subnets and network.
                const kept = [
                    ...ofType(r, T.keyGrant).filter((g) => /kafka-agent$/.test(g.name)),
                    ...["endpoints", "streams-backup"].map((n) => one(r, "gcp:compute/subnetwork:Subnetwork", n)),
                    one(r, "gcp:compute/network:Network", "vpc"),
                ];
                assert.strictEqual(kept.length, 5);
                for (const x of kept) {
                    assert.strictEqual(x.retainOnDelete, retained, `${r.environment} ${x.name}`);
                }
                for (const x of [...ofType(r, T.connectCluster), ...ofType(r, T.connector)]) {
                    assert.strictEqual(x.retainOnDelete, false, `${x.name}`);
                }
            }
        });
    });

    describe("clients", () => {
        it("authenticate with IAM (SASL/OAUTHBEARER) at an address no preview can know: the API reports it once the cluster exists", () => {
            // What the address and client properties are after creation: "after creation" below.
            assert.strictEqual(prod.outputs.streamAuthMechanism, "OAUTHBEARER");
            assert.deepStrictEqual([prod.outputs.streamBootstrapServers, prod.outputs.kafkaClientProperties], ["[unknown]", "[unknown]"]);
        });

        it("get produce or consume access to a topic as roles/managedkafka.client on the project (no per-topic IAM), attached to a workload identity", async () => {
            const config = flatConfig(stackConfig("gcp", "dev", { [`${ns}:stream`]: stream }));
            let descriptions: string[] = [];
            let unknownTopic = "";
            const { resources } = await runProgram({
                project: ns,
                stack: "dev",
                config,
                program: () => {
                    const platform = buildPlatform(readPlatformConfig());
                    const grants = [platform.streams.grant("clicks", "produce"), platform.streams.grant("orders", "consume")];
                    descriptions = grants.map((g) => g.description);
                    try {
                        platform.streams.grant("nope", "consume");
                    } catch (err) {
                        unknownTopic = String(err);
                    }
                    platform.cluster.workloadIdentity("ingest", { namespace: "ingest", serviceAccount: "ingest", grants });
                },
            });
            const r = { resources };
            const gsa = one(r, T.gsa, "ingest");
            for (const name of ["ingest-grant-0", "ingest-grant-1"]) {
                const g = one(r, T.projectGrant, name);
                assert.deepStrictEqual([g.inputs.project, g.inputs.role, g.inputs.condition], [project, "roles/managedkafka.client", undefined]);
                assert.ok(g.propertyDependencies.member.includes(gsa.urn), name);
                assert.strictEqual(g.retainOnDelete, false);
            }
            assert.match(descriptions[0], /^produce on Kafka topics clicks and clicks\.dlq \(roles\/managedkafka\.client on project adp-test-project/);
            assert.match(descriptions[1], /^consume on Kafka topics orders and orders\.dlq/);
            assert.match(unknownTopic, /no topic nope in this stream/);
        });
    });

    describe("archive to the lake", () => {
        it("runs the Cloud Storage sink on a Connect cluster next to the primary, writing every topic and .dlq under streams/<topic>/year=/month=/day=", () => {
            for (const r of [prod, devAll]) {
                const cluster = one(r, T.cluster, "events");
                const connect = one(r, T.connectCluster, "archive");
                assert.deepStrictEqual([connect.inputs.location, connect.provider, connect.inputs.connectClusterId], ["us-central1", primaryUrn(r), "adp-test-archive"]);
                assert.strictEqual(connect.inputs.kafkaCluster, `projects/${project}/locations/us-central1/clusters/adp-test-events`);
                assert.ok(connect.propertyDependencies.kafkaCluster.includes(cluster.urn));
                const network = (connect.inputs.gcpConfig as any).accessConfig.networkConfigs;
                assert.strictEqual(network.length, 1);
                assert.ok(connect.propertyDependencies.gcpConfig.includes(one(r, T.subnet, "nodes").urn), "a /19 of the plan: Connect wants /22 or more");

                const sink = one(r, T.connector, "archive-to-lake");
                const c = configs(sink);
                assert.ok(sink.propertyDependencies.connectCluster.includes(connect.urn));
                assert.strictEqual(c["connector.class"], "io.aiven.kafka.connect.gcs.GcsSinkConnector");
                assert.deepStrictEqual(c.topics.split(",").sort(), topicNames);
                assert.strictEqual(c["gcs.bucket.name"], one(r, T.bucket, "lake").inputs.name);
                assert.strictEqual(c["gcs.credentials.default"], "true");
                assert.strictEqual(c["file.name.prefix"], "streams/");
                assert.strictEqual(c["file.name.template"], "{{topic}}/year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/{{partition}}-{{start_offset}}.gz");
                assert.deepStrictEqual([c["file.compression.type"], c["format.output.fields"], c["format.output.fields.value.encoding"]], ["gzip", "key,value,offset,timestamp", "base64"]);
                assert.strictEqual(c["tasks.max"], "20", "one task per partition of the four topics");
                for (const t of topicsOf(r, cluster)) {
                    assert.ok(sink.dependencies.includes(t.urn), `starts after ${t.name}`);
                }
            }
        });

        it("lets the Connect workers' identity (the Managed Kafka service agent) write the lake's streams/ objects only, and connect as a Kafka client", () => {
            const write = one(prod, T.projectGrant, "streams-archive-writes-lake");
            const lake = one(prod, T.bucket, "lake").inputs.name;
            assert.deepStrictEqual([write.inputs.role, write.inputs.member, write.inputs.project], ["roles/storage.objectUser", agent, project]);
            assert.strictEqual(
                (write.inputs.condition as any).expression,
                `resource.name == "projects/_/buckets/${lake}" || resource.name.startsWith("projects/_/buckets/${lake}/objects/streams/")`,
            );
            assert.ok(one(prod, T.connector, "archive-to-lake").dependencies.includes(write.urn));
            const client = one(prod, T.projectGrant, "streams-connect-kafka-client");
            assert.deepStrictEqual([client.inputs.role, client.inputs.member], ["roles/managedkafka.client", agent]);
            assert.ok(one(prod, T.connectCluster, "archive").dependencies.includes(client.urn));
        });

        it("is off in dev by default and when switched off in prod: no Connect cluster, connector or grant", () => {
            for (const r of [dev, prodBare]) {
                assert.deepStrictEqual([...ofType(r, T.connectCluster), ...ofType(r, T.connector)].map((x) => x.name), [], r.environment);
                assert.deepStrictEqual(ofType(r, T.projectGrant).filter((g) => g.name.startsWith("streams-")).map((g) => g.name), []);
            }
        });
    });

    describe("bootstrap address", () => {
        it("is read with gcloud once each cluster exists, naming its cluster, location and project, and read again when the cluster is replaced", () => {
            const expected: [PlanResult, string, string, string][] = [
                [prod, "events", "adp-test-events", "us-central1"],
                [prod, "events-replica", "adp-test-events-replica", "us-east1"],
                [dev, "events", "adp-test-events", "us-central1"],
            ];
            assert.deepStrictEqual(ofType(prod, T.command).map((c) => c.name).sort(), ["events-bootstrap-address", "events-replica-bootstrap-address"]);
            assert.deepStrictEqual(ofType(dev, T.command).map((c) => c.name), ["events-bootstrap-address"]);
            for (const [r, name, clusterId, location] of expected) {
                const cluster = one(r, T.cluster, name);
                const read = one(r, T.command, `${name}-bootstrap-address`);
                assert.deepStrictEqual([cluster.inputs.clusterId, cluster.inputs.location], [clusterId, location]);
                assert.ok(
                    String(read.inputs.create).includes(`gcloud managed-kafka clusters describe ${clusterId} --location=${location} --project=${project} --format="value(bootstrapAddress)"`),
                    String(read.inputs.create),
                );
                assert.deepStrictEqual(read.inputs.interpreter, ["/bin/sh", "-c"]);
                assert.ok(read.dependencies.includes(cluster.urn), "runs once the cluster exists");
                // The cluster's id and creation time: a replaced cluster keeps its id, not its creation time.
                assert.deepStrictEqual([read.propertyDependencies.triggers, read.inputs.triggers], [[cluster.urn], ["[unknown]", "[unknown]"]]);
                assert.deepStrictEqual([read.inputs.delete, read.retainOnDelete], [undefined, false], "nothing to undo");
            }
        });

        it("runs gcloud describe and prints the host, or fails (so the next up reads again) when gcloud fails or reports none", () => {
            const dir = tempDir("gcloud");
            const argsFile = path.join(dir, "args");
            writeFileSync(path.join(dir, "gcloud"), `#!/bin/sh\necho "$@" > "${argsFile}"\n[ -n "$FAKE_ADDRESS" ] && echo "$FAKE_ADDRESS"\nexit \${FAKE_EXIT:-0}\n`, { mode: 0o755 });
            const run = (env: Record<string, string>) =>
                spawnSync("/bin/sh", ["-c", describeBootstrapCommand("adp-test-events", "us-central1", project)], { env: { PATH: `${dir}:${process.env.PATH}`, ...env }, encoding: "utf8" });
            const host = "bootstrap-nol2mecj8p94jhx2ge2rg54579a.c0aad26f.us-central1.managedkafka.s.cloud.goog";

            const ok = run({ FAKE_ADDRESS: host });
            assert.deepStrictEqual([ok.status, ok.stdout], [0, `${host}\n`]);
            assert.strictEqual(readFileSync(argsFile, "utf8").trim(), `managed-kafka clusters describe adp-test-events --location=us-central1 --project=${project} --format=value(bootstrapAddress)`);
            assert.strictEqual(bootstrapServersOf(ok.stdout), `${host}:9092`);

            const none = run({});
            assert.notStrictEqual(none.status, 0);
            assert.match(none.stderr, /Managed Kafka cluster adp-test-events \(us-central1, project adp-test-project\) reports no bootstrapAddress/);
            const odd = run({ FAKE_ADDRESS: "bootstrapless" });
            assert.deepStrictEqual([odd.status === 0, odd.stdout], [false, ""], "not a host dnsDomainOfBootstrap takes");
            const denied = run({ FAKE_ADDRESS: host, FAKE_EXIT: "1" });
            assert.deepStrictEqual([denied.status === 0, denied.stdout], [false, ""]);
        });

        it("appends the SASL/OAUTHBEARER listener's port (9092) to the host the API reports without one, in either form", () => {
            assert.strictEqual(bootstrapServersOf("bootstrap.my-cluster.us-central1.managedkafka.my-project.cloud.goog\n"), "bootstrap.my-cluster.us-central1.managedkafka.my-project.cloud.goog:9092");
            assert.strictEqual(bootstrapServersOf(" bootstrap-abc.c0aad26f.europe-west1.managedkafka.s.cloud.goog "), "bootstrap-abc.c0aad26f.europe-west1.managedkafka.s.cloud.goog:9092");
            assert.throws(() => bootstrapServersOf(""), /not a Managed Kafka bootstrap address/);
        });
    });

    describe("copy in the backup region", () => {
        it("keeps a second cluster in the backup region, on the backup key, in a new subnet of the same VPC from the plan's second private block", () => {
            for (const r of [prod, devAll]) {
                const subnet = one(r, T.subnet, "streams-backup");
                const plan = addressPlan("10.40.0.0/16", r.environment === "prod" ? 3 : 2, "100.64.0.0/16", "172.20.0.0/16");
                assert.deepStrictEqual([subnet.inputs.region, subnet.inputs.ipCidrRange, subnet.inputs.privateIpGoogleAccess], ["us-east1", plan.privateSubnets[1], true]);
                assert.strictEqual(subnet.inputs.ipCidrRange, "10.40.32.0/19");
                assert.ok(subnet.propertyDependencies.network.includes(one(r, T.network).urn), "the platform's (global) VPC");

                const replica = one(r, T.cluster, "events-replica");
                assert.deepStrictEqual([replica.inputs.location, replica.provider, replica.inputs.clusterId], ["us-east1", backupUrn(r), "adp-test-events-replica"]);
                const backupKey = one(r, T.key, "backup");
                assert.ok(replica.propertyDependencies.gcpConfig.includes(backupKey.urn), "the backup region's key");
                assert.ok(replica.propertyDependencies.gcpConfig.includes(subnet.urn));
                assert.ok(!replica.propertyDependencies.gcpConfig.includes(one(r, T.key, "primary").urn));
                const grant = one(r, T.keyGrant, "events-replica-kafka-agent");
                assert.ok(grant.propertyDependencies.cryptoKeyId.includes(backupKey.urn) && grant.inputs.member === agent);
                assert.ok(one(r, "time:index/sleep:Sleep", "events-replica-key-propagation").dependencies.includes(grant.urn));
                assert.ok(replica.dependencies.includes(one(r, "time:index/sleep:Sleep", "events-replica-key-propagation").urn));
                assert.deepStrictEqual(topicsOf(r, replica).map((t) => [t.inputs.topicId, t.inputs.location]).sort(), topicNames.map((n) => [n, "us-east1"]));
                assert.deepStrictEqual(
                    topicsOf(r, replica).map((t) => [t.inputs.topicId, t.inputs.partitionCount, configs(t)["retention.ms"]]).sort(),
                    topicsOf(r, one(r, T.cluster, "events")).map((t) => [t.inputs.topicId, t.inputs.partitionCount, configs(t)["retention.ms"]]).sort(),
                    "the same topics and settings",
                );
            }
            assert.strictEqual(prod.outputs.streamReplicaBootstrapServers, "[unknown]", "read after creation, like the primary's");
        });

        it("gives the Connect cluster the DNS domain of the source's bootstrap address, in either form the API returns", () => {
            // The API's two documented forms (Cluster.bootstrapAddress): the newer one and the legacy one.
            assert.strictEqual(dnsDomainOfBootstrap("bootstrap.my-cluster.us-central1.managedkafka.my-project.cloud.goog:9092"), "my-cluster.us-central1.managedkafka.my-project.cloud.goog");
            assert.strictEqual(dnsDomainOfBootstrap("bootstrap-nol2mecj8p94jhx2ge2rg54579a.c0aad26f.europe-west1.managedkafka.s.cloud.goog"), "c0aad26f.europe-west1.managedkafka.s.cloud.goog");
            assert.throws(() => dnsDomainOfBootstrap("broker-0.example.com:9092"), /not a Managed Kafka bootstrap address/);
            // Derived from the address read after creation (which domain exactly: "after creation" below).
            const network = (one(prod, T.connectCluster, "mirror").inputs.gcpConfig as any).accessConfig.networkConfigs[0];
            assert.deepStrictEqual(network.dnsDomainNames, ["[unknown]"]);
            assert.ok(one(prod, T.connectCluster, "mirror").dependencies.includes(one(prod, T.command, "events-bootstrap-address").urn));
        });

        it("copies the topics with a MirrorMaker 2 source connector on a Connect cluster attached to the copy, keeping topic names", () => {
            const primary = one(prod, T.cluster, "events");
            const replica = one(prod, T.cluster, "events-replica");
            const connect = one(prod, T.connectCluster, "mirror");
            assert.deepStrictEqual([connect.inputs.location, connect.provider], ["us-east1", backupUrn(prod)]);
            assert.ok(connect.propertyDependencies.kafkaCluster.includes(replica.urn), "attached to the target, as Managed Kafka requires");
            const network = (connect.inputs.gcpConfig as any).accessConfig.networkConfigs[0];
            assert.deepStrictEqual(network.dnsDomainNames, ["[unknown]"], "resolves the source's names, from its address read after creation");
            assert.ok(connect.propertyDependencies.gcpConfig.includes(one(prod, T.subnet, "streams-backup").urn));

            const mm2 = one(prod, T.connector, "mirror-to-backup");
            const c = configs(mm2);
            assert.strictEqual(c["connector.class"], "org.apache.kafka.connect.mirror.MirrorSourceConnector");
            // In a preview only the two addresses are unknown: the rest, which policies read, is known.
            assert.deepStrictEqual(Object.entries(c).filter(([, v]) => v === "[unknown]").map(([k]) => k).sort(), ["source.cluster.bootstrap.servers", "target.cluster.bootstrap.servers"]);
            assert.deepStrictEqual(c.topics.split(",").sort(), topicNames);
            assert.strictEqual(c["replication.policy.class"], "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
            assert.deepStrictEqual([c["sync.topic.configs.enabled"], c["offset-syncs.topic.location"], c["replication.factor"]], ["false", "target", "3"]);
            for (const side of ["source", "target"]) {
                assert.deepStrictEqual(
                    [c[`${side}.cluster.security.protocol`], c[`${side}.cluster.sasl.mechanism`], c[`${side}.cluster.sasl.login.callback.handler.class`]],
                    ["SASL_SSL", "OAUTHBEARER", "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler"],
                );
            }
            assert.ok(mm2.propertyDependencies.configs.includes(primary.urn) && mm2.propertyDependencies.configs.includes(replica.urn));
            for (const t of [...topicsOf(prod, primary), ...topicsOf(prod, replica)]) {
                assert.ok(mm2.dependencies.includes(t.urn), `starts after ${t.name}`);
            }
            assert.ok(connect.dependencies.includes(one(prod, T.projectGrant, "streams-connect-kafka-client").urn));
        });

        it("translates consumer groups' offsets onto the copy (MirrorMaker 2 checkpoints), agreeing with the source connector", () => {
            const checkpoints = one(prod, T.connector, "mirror-checkpoints");
            const source = configs(one(prod, T.connector, "mirror-to-backup"));
            const c = configs(checkpoints);
            assert.strictEqual(c["connector.class"], "org.apache.kafka.connect.mirror.MirrorCheckpointConnector");
            assert.deepStrictEqual([c.groups, c["sync.group.offsets.enabled"], c["emit.checkpoints.enabled"], c["sync.group.offsets.interval.seconds"]], [".*", "true", "true", "60"]);
            // Offsets can only be translated through the offset syncs the source connector writes, where it writes them.
            for (const key of ["source.cluster.alias", "target.cluster.alias", "replication.policy.class", "offset-syncs.topic.location", "source.cluster.bootstrap.servers", "target.cluster.bootstrap.servers", "source.cluster.sasl.mechanism", "target.cluster.sasl.mechanism"]) {
                assert.strictEqual(c[key], source[key], key);
            }
            assert.strictEqual(c["checkpoints.topic.replication.factor"], "3");
            assert.deepStrictEqual(checkpoints.propertyDependencies.connectCluster, [one(prod, T.connectCluster, "mirror").urn]);
            assert.ok(checkpoints.dependencies.includes(one(prod, T.connector, "mirror-to-backup").urn));
            assert.strictEqual(checkpoints.retainOnDelete, false);
            assert.deepStrictEqual(ofType(dev, T.connector).map((x) => x.name), []);
        });

        it("is off in dev by default and when switched off in prod: no second cluster, subnet or connector, and no replica address", () => {
            for (const r of [dev, prodBare]) {
                assert.deepStrictEqual(ofType(r, T.cluster).map((c) => c.name), ["events"], r.environment);
                // (The feature store's PSC subnet in the backup region is its own.)
                assert.deepStrictEqual(ofType(r, T.subnet).map((s) => s.name).filter((n) => !n.startsWith("feature-store")).sort(), ["endpoints", "nodes"]);
                assert.strictEqual(r.outputs.streamReplicaBootstrapServers, undefined);
                assert.strictEqual(r.outputs.streamReplicaRecoveryPoint, undefined);
            }
            const rpo = prod.outputs.streamReplicaRecoveryPoint as { basis: string; measuredBy: string };
            assert.strictEqual(rpo.basis, "replication-lag", "Google states no bound for MirrorMaker");
            assert.match(rpo.measuredBy, new RegExp(`replication-latency-ms .*${one(prod, T.connector, "mirror-to-backup").inputs.connectorId}`));
        });
    });

    describe("config errors", () => {
        it("refuses a region without Managed Service for Apache Kafka, and a backup region without it while the streams are copied", () => {
            const primary = configError({ [`${ns}:region`]: "northamerica-south1", [`${ns}:kubernetes`]: { gpuPools: [] } });
            assert.strictEqual(primary.key, `${ns}:region`);
            assert.match(primary.message, /a region with Managed Service for Apache Kafka on gcp \(the event streams live there\): .*us-central1/);
            const backup = configError({ [`${ns}:backupRegion`]: "northamerica-south1" });
            assert.strictEqual(backup.key, `${ns}:backupRegion`);
            assert.match(backup.message, /stream\.replicateToBackupRegion keeps a copy there/);
            accepted({ [`${ns}:backupRegion`]: "northamerica-south1", [`${ns}:stream`]: { replicateToBackupRegion: false } });
        });

        it("refuses topic names Managed Kafka does not take as ids: shorter than 3, not starting with a letter, starting with goog", () => {
            for (const [name, why] of [["ab", /at least 3 characters/], ["1clicks", /starting with a letter/], ["googlers", /not starting with "goog"/], ["_x-y", /starting with a letter/]] as const) {
                const err = configError({ [`${ns}:stream`]: { topics: [{ name: "clicks" }, { name }] } });
                assert.strictEqual(err.key, `${ns}:stream.topics[1].name`, name);
                assert.match(err.message, why);
                assert.match(err.message, /Managed Kafka's rule for topic ids/);
            }
            accepted({ [`${ns}:stream`]: { topics: [{ name: "abc" }, { name: "Raw_events.v2" }] } });
        });

        it("refuses a network too small for a Connect worker subnet (/22) while archive or copy is on, and accepts it without them", () => {
            const err = configError({ [`${ns}:network`]: { cidr: "10.50.0.0/20" } });
            assert.strictEqual(err.key, `${ns}:network.cidr`);
            assert.match(err.message, /\/19 or wider on gcp while stream\.archiveToLake is on: Managed Kafka Connect workers need a \/22 subnet.*a \/23 here/);
            const copyOnly = configError({ [`${ns}:network`]: { cidr: "10.50.0.0/20" }, [`${ns}:stream`]: { replicateToBackupRegion: true } }, "dev");
            assert.match(copyOnly.message, /stream\.replicateToBackupRegion is on/);
            accepted({ [`${ns}:network`]: { cidr: "10.50.0.0/20" } }, "dev");
            accepted({ [`${ns}:network`]: { cidr: "10.50.0.0/19" } });
        });
    });
});

// ── After creation ────────────────────────────────────────────────────────────────────────────────
// A preview cannot know a cluster's address: it is read with gcloud once the cluster exists. This
// runs the program as `pulumi up` would, with the reads answering in the API's newer form, which no
// program could have built.

describe("GCP event streams after creation: the bootstrap address the API reports", function () {
    const reported: Record<string, string> = {
        "adp-test-events": "bootstrap-nol2mecj8p94jhx2ge2rg54579a.c0aad26f.us-central1.managedkafka.s.cloud.goog",
        "adp-test-events-replica": "bootstrap-k3v9q0s7d2xw5m1c8r4t6y0p2b7.9b1e44d2.us-east1.managedkafka.s.cloud.goog",
    };
    let run: UpdateRun;
    before(async () => {
        run = await runUpdate("test", stackConfig("gcp", "prod", { [`${ns}:stream`]: stream }), ({ type, inputs }) => {
            if (type === T.cluster) {
                return { id: `projects/${inputs.project}/locations/${inputs.location}/clusters/${inputs.clusterId}`, state: { ...inputs, createTime: `2026-12-05T09:00:00Z/${inputs.clusterId}` } };
            }
            if (type === T.command) {
                // What gcloud prints: the address of the cluster the command names, and a newline.
                const described = /clusters describe (\S+) /.exec(String(inputs.create))?.[1] ?? "";
                return { state: { ...inputs, stdout: `${reported[described] ?? ""}\n`, stderr: "" } };
            }
            return undefined;
        });
    });

    it("gives clients the address gcloud read, with the SASL/OAUTHBEARER port, in the outputs and the client properties", () => {
        const bootstrap = `${reported["adp-test-events"]}:9092`;
        assert.strictEqual(run.outputs.streamBootstrapServers, bootstrap);
        assert.deepStrictEqual(run.outputs.kafkaClientProperties, {
            "bootstrap.servers": bootstrap,
            "security.protocol": "SASL_SSL",
            "sasl.mechanism": "OAUTHBEARER",
            "sasl.login.callback.handler.class": "com.google.cloud.hosted.kafka.auth.GcpLoginCallbackHandler",
            "sasl.jaas.config": "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
        });
        assert.strictEqual(run.outputs.streamReplicaBootstrapServers, `${reported["adp-test-events-replica"]}:9092`);
    });

    it("reads each cluster by its own id, location and project, and again when the cluster is replaced (its id and creation time)", () => {
        for (const [name, clusterId, location] of [["events", "adp-test-events", "us-central1"], ["events-replica", "adp-test-events-replica", "us-east1"]]) {
            const read = run.get(T.command, `${name}-bootstrap-address`).inputs;
            assert.match(read.create, new RegExp(`gcloud managed-kafka clusters describe ${clusterId} --location=${location} --project=${project} `));
            assert.deepStrictEqual(read.triggers, [`projects/${project}/locations/${location}/clusters/${clusterId}`, `2026-12-05T09:00:00Z/${clusterId}`]);
        }
    });

    it("copies with MirrorMaker between the addresses read, its workers resolving the source's DNS domain in the form the API reported", () => {
        const network = run.get(T.connectCluster, "mirror").inputs.gcpConfig.accessConfig.networkConfigs[0];
        assert.deepStrictEqual(network.dnsDomainNames, ["c0aad26f.us-central1.managedkafka.s.cloud.goog"]);
        for (const name of ["mirror-to-backup", "mirror-checkpoints"]) {
            const c = run.get(T.connector, name).inputs.configs;
            assert.deepStrictEqual([c["source.cluster.bootstrap.servers"], c["target.cluster.bootstrap.servers"]], [run.outputs.streamBootstrapServers, run.outputs.streamReplicaBootstrapServers], name);
        }
    });
});
