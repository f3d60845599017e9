import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { addressPlan } from "../components/network/address-plan";
import { topicAccessPolicy } from "../components/stream/aws-access";
import { archivePolicy, archivePrefixes, deliveryStreamName } from "../components/stream/aws-archive";
import { mskResourceArn, serverProperties } from "../components/stream/aws-msk";
import { replicaCidr } from "../components/stream/aws-replica-address";
import { replicatorPolicy, topicPatterns } from "../components/stream/aws-replica";
import { partitionReplicasPerBroker } from "../components/stream/aws-limits";
import { profiles } from "../components/shared/profile";
import { clusterPolicyStatements } from "../components/stream/aws";
import { kafkaClientProperties } from "../components/stream/aws-limits";
import { parsePlatformConfig } from "../stacks/config";
import { PlanResult } from "../tools/offline/plan";
import { runProgram, RunResult } from "./support/run";
import { RecordedResource } from "../tools/offline/types";
import { assertRefused, flatConfig } from "./support/config";
import { assertCleanPlan, ofType, one, planFor, stackConfig } from "./support/stack";

// Issue #5 on AWS, through the same offline preview as `npm run plan`: MSK, its topics and
// dead-letter topics, the archive to the lake through Firehose, the copy in the backup region by MSK
// Replicator, client settings and topic grants.

const ns = "ai-data-platform";
const T = {
    provider: "pulumi:providers:aws",
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    cluster: "aws:msk/cluster:Cluster",
    configuration: "aws:msk/configuration:Configuration",
    topic: "aws:msk/topic:Topic",
    clusterPolicy: "aws:msk/clusterPolicy:ClusterPolicy",
    replicator: "aws:msk/replicator:Replicator",
    firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    scalingTarget: "aws:appautoscaling/target:Target",
    scalingPolicy: "aws:appautoscaling/policy:Policy",
    replicaNetwork: "ai-data-platform:stream:ReplicaNetwork",
};

// Non-default topics, partitions and retentions: nothing below can pass on the defaults alone.
const stream = {
    topics: [
        { name: "clicks", partitions: 6, retentionHours: 240 },
        { name: "orders.v1", partitions: 12, retentionHours: 200 },
    ],
    dlqRetentionHours: 720,
};
const topicNames = ["clicks", "clicks.dlq", "orders.v1", "orders.v1.dlq"];

const deps = (r: RecordedResource, property: string) => r.propertyDependencies[property] ?? [];
const dependsOn = (r: RecordedResource, target: RecordedResource) => r.dependencies.includes(target.urn);
const regionOf = (r: { resources: RecordedResource[] }, x: RecordedResource) => r.resources.find((p) => p.urn === x.provider)?.inputs.region;
const providerNamed = (r: { resources: RecordedResource[] }, name: string) => one(r, T.provider, name).urn;
/** Records with one of these URNs, through one provider (offline, subnets of two networks share URNs; see the report). */
const through = (r: { resources: RecordedResource[] }, urns: readonly string[], provider: string) =>
    r.resources.filter((x) => urns.includes(x.urn) && x.provider === providerNamed(r, provider));
const hours = (h: number) => String(h * 3_600_000);

describe("AWS event streams on MSK (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    let devArchive: PlanResult;
    let prodPlain: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("aws", "prod", { [`${ns}:stream`]: stream }));
        dev = await planFor(stackConfig("aws", "dev", { [`${ns}:stream`]: stream }));
        devArchive = await planFor(stackConfig("aws", "dev", { [`${ns}:stream`]: { ...stream, archiveToLake: true } }));
        prodPlain = await planFor(stackConfig("aws", "prod", { [`${ns}:stream`]: { ...stream, archiveToLake: false, replicateToBackupRegion: false } }));
    });

    it("prod (archive and copy on) and dev (both off), with non-default topics: no policy violation at all", () => {
        assertCleanPlan(prod, "aws", "prod");
        assertCleanPlan(dev, "aws", "dev");
        assertCleanPlan(devArchive, "aws", "dev");
    });

    describe("topics", () => {
        it("every configured topic and its .dlq, with the configured partitions and retention, the DLQ kept dlqRetentionHours", () => {
            for (const r of [prod, dev]) {
                const topics = ofType(r, T.topic);
                assert.deepStrictEqual(topics.map((t) => t.inputs.name).sort(), topicNames);
                const byName = Object.fromEntries(topics.map((t) => [t.inputs.name, t]));
                const expected: Record<string, [number, number]> = { clicks: [6, 240], "clicks.dlq": [6, 720], "orders.v1": [12, 200], "orders.v1.dlq": [12, 720] };
                for (const [name, [partitions, retention]] of Object.entries(expected)) {
                    const t = byName[name];
                    assert.strictEqual(t.inputs.partitionCount, partitions, name);
                    assert.deepStrictEqual(JSON.parse(t.inputs.configs as string), { "retention.ms": hours(retention) }, name);
                    assert.deepStrictEqual(deps(t, "clusterArn"), [one(r, T.cluster, "streams").urn], `${name} is on the primary cluster`);
                }
            }
        });

        it("replication factor 3 in prod, 2 in dev (a replica on every broker); fixed names replace delete-first; retained in prod only", () => {
            assert.ok(ofType(prod, T.topic).every((t) => t.inputs.replicationFactor === 3 && t.retainOnDelete && t.deleteBeforeReplace === true));
            assert.ok(Object.values(profiles).every((p) => p.streamReplicas <= p.zones), "no more copies than zones: one per zone");
            assert.ok(ofType(dev, T.topic).every((t) => t.inputs.replicationFactor === 2 && !t.retainOnDelete));
        });

        it("automatic topic creation off, replication factor and min.insync.replicas 3/2 in prod and 2/1 in dev, unclean leader election off", () => {
            const props = (r: PlanResult) => {
                const configuration = one(r, T.configuration, "streams");
                assert.deepStrictEqual(deps(one(r, T.cluster, "streams"), "configurationInfo"), [configuration.urn]);
                assert.deepStrictEqual(configuration.inputs.kafkaVersions, ["3.9.x.kraft"]);
                // Named with its version: a Kafka upgrade (ForceNew here) creates a new configuration beside
                // the one the cluster still uses, which MSK would neither rename nor delete while in use.
                assert.strictEqual(configuration.inputs.name, "adp-test-streams-3-9-x-kraft");
                return Object.fromEntries(String(configuration.inputs.serverProperties).split("\n").map((l) => l.split("=")));
            };
            const common = { "auto.create.topics.enable": "false", "unclean.leader.election.enable": "false" };
            assert.deepStrictEqual(props(prod), { ...common, "default.replication.factor": "3", "min.insync.replicas": "2" });
            assert.deepStrictEqual(props(dev), { ...common, "default.replication.factor": "2", "min.insync.replicas": "1" });
            assert.strictEqual(one(prod, T.cluster, "streams").inputs.kafkaVersion, "3.9.x.kraft");
        });
    });

    describe("the cluster", () => {
        it("TLS only between clients and brokers and inside the cluster; at rest with the primary platform key", () => {
            for (const r of [prod, dev]) {
                const c = one(r, T.cluster, "streams");
                assert.deepStrictEqual((c.inputs.encryptionInfo as any).encryptionInTransit, { clientBroker: "TLS", inCluster: true });
                assert.deepStrictEqual(deps(c, "encryptionInfo"), [one(r, T.key, "primary").urn]);
                assert.strictEqual(regionOf(r, c), "us-east-1");
                // Stated, not left to the provider: a first preview's outputs then hold it for the replication policy.
                assert.strictEqual(c.inputs.region, "us-east-1");
            }
        });

        it("IAM is the only way in: no SCRAM, no certificates, nobody unauthenticated, no public access", () => {
            for (const r of [prod, dev, devArchive]) {
                const c = one(r, T.cluster, "streams");
                assert.deepStrictEqual(c.inputs.clientAuthentication, { sasl: { iam: true, scram: false }, unauthenticated: false });
                assert.deepStrictEqual((c.inputs.brokerNodeGroupInfo as any).connectivityInfo.publicAccess, { type: "DISABLED" });
            }
            // Multi-VPC private connectivity (IAM only) exactly when Firehose or the Replicator needs it.
            const vpcConnectivity = (r: PlanResult) => (one(r, T.cluster, "streams").inputs.brokerNodeGroupInfo as any).connectivityInfo.vpcConnectivity;
            const iamOnly = { clientAuthentication: { sasl: { iam: true, scram: false }, tls: false } };
            assert.deepStrictEqual([vpcConnectivity(prod), vpcConnectivity(devArchive)], [iamOnly, iamOnly]);
            assert.deepStrictEqual([vpcConnectivity(dev), vpcConnectivity(prodPlain)], [undefined, undefined]);
        });

        it("brokers in the private subnets, one per zone, behind a group that admits the IAM port from the VPC's ranges only", () => {
            for (const [r, zones] of [[prod, 3], [dev, 2]] as const) {
                const c = one(r, T.cluster, "streams");
                const info = c.inputs.brokerNodeGroupInfo as any;
                assert.deepStrictEqual([c.inputs.numberOfBrokerNodes, info.instanceType], [zones, "kafka.m7g.large"]);
                const subnets = through(r, deps(c, "brokerNodeGroupInfo"), "primary").filter((x) => x.type === T.subnet);
                const plan = addressPlan("10.40.0.0/16", zones, "100.64.0.0/16", "172.20.0.0/16");
                assert.deepStrictEqual(subnets.map((s) => s.inputs.cidrBlock).sort(), [...plan.privateSubnets].sort());
                const sg = one(r, T.sg, "streams");
                assert.ok(deps(c, "brokerNodeGroupInfo").includes(sg.urn));
                assert.deepStrictEqual(deps(sg, "vpcId"), [ofType(r, T.vpc).find((v) => v.provider === providerNamed(r, "primary"))!.urn]);
                assert.deepStrictEqual(
                    (sg.inputs.ingress as any[]).map((i) => [i.protocol, i.fromPort, i.toPort, i.cidrBlocks]),
                    [["tcp", 9098, 9098, ["10.40.0.0/16", "100.64.0.0/16"]]],
                );
                assert.deepStrictEqual(sg.inputs.egress, []);
            }
        });

        it("broker logs to a log group of its own, encrypted with the platform key; storage grows on its own", () => {
            const c = one(prod, T.cluster, "streams");
            const logs = one(prod, T.logGroup, "streams-brokers");
            assert.deepStrictEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/aws/msk/adp-test-streams/brokers", 365]);
            assert.deepStrictEqual(deps(logs, "kmsKeyId"), [one(prod, T.key, "primary").urn]);
            assert.deepStrictEqual((c.inputs.loggingInfo as any).brokerLogs.cloudwatchLogs, { enabled: true, logGroup: "/aws/msk/adp-test-streams/brokers" });
            assert.ok(dependsOn(c, logs));
            const target = ofType(prod, T.scalingTarget).find((x) => x.name === "streams-storage")!;
            assert.deepStrictEqual([target.inputs.scalableDimension, target.inputs.maxCapacity], ["kafka:broker-storage:VolumeSize", 4000]);
            assert.deepStrictEqual(deps(target, "resourceId"), [c.urn]);
            const policy = ofType(prod, T.scalingPolicy).find((x) => x.name === "streams-storage")!;
            assert.deepStrictEqual((policy.inputs.targetTrackingScalingPolicyConfiguration as any).disableScaleIn, true);
            assert.ok(c.ignoreChanges.includes("brokerNodeGroupInfo.storageInfo.ebsStorageInfo.volumeSize"));
        });

        it("the cluster, its topics, configuration, broker logs and security group are retained in prod; plumbing is not; dev retains nothing", () => {
            const retained = (r: PlanResult) =>
                r.resources.filter((x) => x.urn.includes("EventStreams") || x.urn.includes("msk/cluster:Cluster$")).filter((x) => x.retainOnDelete).map((x) => `${x.type} ${x.name}`).sort();
            assert.deepStrictEqual(retained(prodPlain), [
                `${T.logGroup} streams-brokers`,
                `${T.cluster} streams`,
                `${T.configuration} streams`,
                // The brokers' interfaces keep their security group, and EC2 refuses to delete it under them.
                `aws:ec2/securityGroup:SecurityGroup streams`,
                ...topicNames.map((n) => `${T.topic} ${n}`),
            ].sort());
            assert.deepStrictEqual(retained(dev), []);
        });
    });

    describe("archive to the lake", () => {
        it("one Firehose stream per topic and dead-letter topic, reading privately with its role, into date partitions of the lake with the lake's key", () => {
            for (const r of [prod, devArchive]) {
                const streams = ofType(r, T.firehose);
                assert.deepStrictEqual(streams.map((s) => (s.inputs.mskSourceConfiguration as any).topicName).sort(), topicNames);
                const role = one(r, T.role, "archive");
                const lakeBucket = one(r, T.bucket, "lake");
                for (const s of streams) {
                    const topic = (s.inputs.mskSourceConfiguration as any).topicName as string;
                    const source = s.inputs.mskSourceConfiguration as any;
                    assert.deepStrictEqual([source.authenticationConfiguration.connectivity, source.readFromTimestamp], ["PRIVATE", "1970-01-01T00:00:00Z"]);
                    assert.ok(deps(s, "mskSourceConfiguration").includes(one(r, T.cluster, "streams").urn));
                    assert.ok(deps(s, "mskSourceConfiguration").includes(role.urn));
                    const dest = s.inputs.extendedS3Configuration as any;
                    assert.strictEqual(s.inputs.destination, "extended_s3");
                    assert.strictEqual(dest.prefix, `streams/${topic}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`);
                    assert.strictEqual(dest.errorOutputPrefix, `streams-errors/${topic}/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`);
                    assert.strictEqual(dest.bucketArn, `arn:aws:s3:::${lakeBucket.inputs.bucket}`);
                    // No key of its own: the lake's default encryption (the platform key) applies, which its bucket policy admits.
                    assert.deepStrictEqual([dest.kmsKeyArn, deps(s, "extendedS3Configuration").filter((u) => u.includes("kms/key"))], [undefined, []]);
                    assert.ok(dependsOn(s, ofType(r, T.topic).find((t) => t.inputs.name === topic)!), "the topic exists first");
                    assert.ok(dependsOn(s, one(r, T.clusterPolicy, "streams")), "the cluster admits Firehose first");
                    // Fixed name and a ForceNew source: a replacement deletes the old stream first.
                    assert.deepStrictEqual([s.retainOnDelete, s.deleteBeforeReplace], [false, true]);
                }
                const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
                assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "firehose.amazonaws.com" });
                assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "123456789012" } });
            }
        });

        it("off: no Firehose, no archive role, no cluster policy (dev by default, prod when turned off)", () => {
            for (const r of [dev, prodPlain]) {
                assert.deepStrictEqual([ofType(r, T.firehose).length, ofType(r, T.clusterPolicy).length], [0, 0]);
                assert.ok(!ofType(r, T.role).some((x) => x.name === "archive"));
            }
        });

        it("the archive role reads only the archived topics of this cluster and writes only under the archive prefixes with the lake key through S3", () => {
            const cluster = "arn:aws:kafka:us-east-1:123456789012:cluster/adp-test-streams/abcd-1";
            const doc = archivePolicy({ clusterArn: cluster, topics: ["clicks", "clicks.dlq"], bucketArn: "arn:aws:s3:::lake", keyArn: "arn:aws:kms:us-east-1:123456789012:key/k", lakeRegion: "us-east-1" }) as any;
            const sid = (s: string) => doc.Statement.find((x: any) => x.Sid === s);
            assert.deepStrictEqual(sid("ConnectToCluster").Resource, cluster);
            assert.deepStrictEqual(sid("ReadArchivedTopics").Resource, [
                "arn:aws:kafka:us-east-1:123456789012:topic/adp-test-streams/abcd-1/clicks",
                "arn:aws:kafka:us-east-1:123456789012:topic/adp-test-streams/abcd-1/clicks.dlq",
            ]);
            assert.ok(sid("ReadArchivedTopics").Action.includes("kafka-cluster:ReadData"));
            assert.deepStrictEqual(sid("ArchiveObjects").Resource, ["arn:aws:s3:::lake/streams/*", "arn:aws:s3:::lake/streams-errors/*"]);
            assert.deepStrictEqual(sid("LakeKeyThroughS3").Condition.StringEquals, { "kms:ViaService": "s3.us-east-1.amazonaws.com" });
            assert.deepStrictEqual(archivePrefixes("a.b").prefix, "streams/a.b/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/");
            const long = deliveryStreamName("adp-test", "t".repeat(100));
            assert.ok(long.length === 64 && /^[a-zA-Z0-9._-]+$/.test(long));
            assert.strictEqual(deliveryStreamName("adp-test", "clicks"), "adp-test-clicks");
        });

        it("the cluster policy admits Firehose (archive) and MSK Replicator (copy) to create their private connections", () => {
            const arn = "arn:aws:kafka:us-east-1:123456789012:cluster/x/u-1";
            const principals = (s: object[]) => s.map((x: any) => [x.Principal.Service, x.Action, x.Resource]);
            assert.deepStrictEqual(principals(clusterPolicyStatements(arn, { archive: true, replicate: true })), [
                ["firehose.amazonaws.com", ["kafka:CreateVpcConnection"], arn],
                ["kafka.amazonaws.com", ["kafka:CreateVpcConnection", "kafka:GetBootstrapBrokers", "kafka:DescribeClusterV2"], arn],
            ]);
            assert.deepStrictEqual(clusterPolicyStatements(arn, { archive: false, replicate: false }), []);
            assert.deepStrictEqual(deps(one(prod, T.clusterPolicy, "streams"), "clusterArn"), [one(prod, T.cluster, "streams").urn]);
        });
    });

    describe("copy in the backup region", () => {
        it("a replica cluster in the backup region, as protected as the primary, with the backup region's key, retained in prod", () => {
            const replica = one(prod, T.cluster, "replica");
            assert.strictEqual(regionOf(prod, replica), "us-west-2");
            assert.strictEqual(replica.inputs.region, "us-west-2");
            assert.deepStrictEqual(deps(replica, "encryptionInfo"), [one(prod, T.key, "backup").urn]);
            assert.deepStrictEqual((replica.inputs.encryptionInfo as any).encryptionInTransit, { clientBroker: "TLS", inCluster: true });
            assert.deepStrictEqual(replica.inputs.clientAuthentication, { sasl: { iam: true, scram: false }, unauthenticated: false });
            assert.deepStrictEqual([replica.inputs.clusterName, replica.inputs.numberOfBrokerNodes, replica.retainOnDelete], ["adp-test-streams-replica", 3, true]);
            assert.strictEqual((replica.inputs.brokerNodeGroupInfo as any).connectivityInfo.vpcConnectivity, undefined, "a target needs no multi-VPC connectivity");
            const configuration = one(prod, T.configuration, "replica");
            assert.strictEqual(regionOf(prod, configuration), "us-west-2");
            assert.strictEqual(configuration.inputs.serverProperties, serverProperties(profiles.prod));
            assert.deepStrictEqual(deps(one(prod, T.logGroup, "replica-brokers"), "kmsKeyId"), [one(prod, T.key, "backup").urn]);
        });

        it("in a private network of its own in the backup region, on the block after network.cidr: a VPC and private subnets, no gateway out", () => {
            const component = one(prod, T.replicaNetwork, "replica-network");
            const vpc = ofType(prod, T.vpc).find((v) => v.parent === component.urn)!;
            assert.deepStrictEqual([vpc.inputs.cidrBlock, regionOf(prod, vpc)], ["10.41.0.0/16", "us-west-2"]);
            // Everything in the backup region's network, by type: nothing routes to or from the internet.
            const inReplicaNetwork = prod.resources.filter((x) => x.urn.includes("$ai-data-platform:stream:ReplicaNetwork$"));
            const byType = (t: string) => inReplicaNetwork.filter((x) => x.type === t).length;
            assert.deepStrictEqual(
                [...new Set(inReplicaNetwork.map((x) => x.type))].sort(),
                ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", T.subnet, T.vpc].sort(),
                "no internet or NAT gateway, elastic IP, public or pod subnet, route or S3 endpoint",
            );
            assert.strictEqual(byType(T.subnet), 3, "one private subnet per zone");
            // Kept in prod with the retained replica cluster whose brokers sit in them.
            assert.ok(inReplicaNetwork.filter((x) => x.type !== "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").every((x) => x.retainOnDelete));
            const replica = one(prod, T.cluster, "replica");
            const subnets = through(prod, deps(replica, "brokerNodeGroupInfo"), "backup").filter((x) => x.type === T.subnet);
            const plan = addressPlan("10.41.0.0/16", 3, "100.64.0.0/16", "172.20.0.0/16");
            assert.deepStrictEqual(subnets.map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]).sort(), plan.privateSubnets.map((c, i) => [c, `us-west-2${"abc"[i]}`]));
            const sg = one(prod, T.sg, "replica");
            assert.deepStrictEqual(deps(sg, "vpcId"), [vpc.urn]);
            assert.deepStrictEqual((sg.inputs.ingress as any[])[0].cidrBlocks, ["10.41.0.0/16"], "the replica's VPC has no pod range");
            assert.strictEqual(replicaCidr("10.40.16.0/20"), "10.40.32.0/20");
        });

        it("MSK Replicator in the target's region copies every topic and DLQ under identical names from the earliest offset, with consumer offsets", () => {
            const rep = one(prod, T.replicator, "streams");
            assert.strictEqual(regionOf(prod, rep), "us-west-2");
            assert.strictEqual(rep.inputs.region, "us-west-2", "stated: the pack tells source from copy by the Replicator's region");
            const info = rep.inputs.replicationInfoList as any;
            assert.deepStrictEqual([...deps(rep, "replicationInfoList")].sort(), [one(prod, T.cluster, "replica").urn, one(prod, T.cluster, "streams").urn].sort());
            const topics = info.topicReplications[0];
            assert.deepStrictEqual(topics.topicsToReplicates, ["^clicks$", "^clicks\\.dlq$", "^orders\\.v1$", "^orders\\.v1\\.dlq$"]);
            assert.deepStrictEqual([topics.topicNameConfiguration.type, topics.startingPosition.type, topics.copyTopicConfigurations, topics.detectAndCopyNewTopics], ["IDENTICAL", "EARLIEST", true, true]);
            assert.deepStrictEqual(info.consumerGroupReplications[0].synchroniseConsumerGroupOffsets, true);
            // Fixed name with ForceNew clusters and subnets: a replacement deletes the old Replicator first.
            assert.deepStrictEqual([rep.retainOnDelete, rep.deleteBeforeReplace], [false, true]);
            for (const t of ofType(prod, T.topic)) {
                assert.ok(dependsOn(rep, t), `${t.name} exists before replication starts`);
            }
            assert.ok(dependsOn(rep, one(prod, T.clusterPolicy, "streams")));
            const role = one(prod, T.role, "replicator");
            assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal, { Service: "kafka.amazonaws.com" });
            assert.deepStrictEqual(topicPatterns(["a.b"]), ["^a\\.b$"]);
            const doc = replicatorPolicy(["arn:aws:kafka:us-east-1:1:cluster/a/u", "arn:aws:kafka:us-west-2:1:cluster/b/v"]) as any;
            assert.deepStrictEqual(doc.Statement[1].Resource, ["arn:aws:kafka:us-east-1:1:topic/a/u/*", "arn:aws:kafka:us-west-2:1:topic/b/v/*"]);
        });

        it("off: no replica, no Replicator, no backup-region network (dev by default, prod when turned off)", () => {
            for (const r of [dev, prodPlain]) {
                assert.deepStrictEqual(
                    [ofType(r, T.cluster).length, ofType(r, T.replicator).length, ofType(r, T.replicaNetwork).length, r.outputs.streamReplicaBootstrapServers, r.outputs.streamReplicaRecoveryPoint],
                    [1, 0, 0, undefined, undefined],
                );
            }
            assert.strictEqual(prod.outputs.streamReplicaBootstrapServers, "[unknown]");
            // AWS states no bound for MSK Replicator: the output names the metric to alert on instead of a figure.
            assert.deepStrictEqual(prod.outputs.streamReplicaRecoveryPoint, { basis: "replication-lag", measuredBy: "CloudWatch AWS/Kafka ReplicationLatency of the MSK Replicator, per topic" });
        });

        it("on in dev: two brokers per zone in both clusters (MSK Replicator's minimum across two zones), the dev replication factor kept", async () => {
            const devCopy = await planFor(stackConfig("aws", "dev", { [`${ns}:stream`]: { ...stream, replicateToBackupRegion: true } }));
            assertCleanPlan(devCopy, "aws", "dev");
            for (const name of ["streams", "replica"]) {
                const c = one(devCopy, T.cluster, name);
                assert.deepStrictEqual([c.inputs.numberOfBrokerNodes, (c.inputs.brokerNodeGroupInfo as any).clientSubnets.length], [4, 2], name);
            }
            assert.strictEqual(ofType(devCopy, T.replicator).length, 1);
            assert.ok(ofType(devCopy, T.topic).every((t) => t.inputs.replicationFactor === 2));
            assert.strictEqual(one(dev, T.cluster, "streams").inputs.numberOfBrokerNodes, 2, "without the copy, dev keeps one broker per zone");
        });
    });

    describe("client settings", () => {
        it("IAM over SASL_SSL with the aws-msk-iam-auth login module and callback handler; the IAM brokers' address", () => {
            assert.deepStrictEqual(kafkaClientProperties("b-1.example:9098,b-2.example:9098"), {
                "bootstrap.servers": "b-1.example:9098,b-2.example:9098",
                "security.protocol": "SASL_SSL",
                "sasl.mechanism": "AWS_MSK_IAM",
                "sasl.jaas.config": "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "sasl.client.callback.handler.class": "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
            });
            assert.deepStrictEqual([prod.outputs.streamAuthMechanism, prod.outputs.streamBootstrapServers, prod.outputs.kafkaClientProperties], ["AWS_MSK_IAM", "[unknown]", "[unknown]"]);
            assert.deepStrictEqual([prod.outputs.topics, prod.outputs.deadLetterTopics], [["clicks", "orders.v1"], { clicks: "clicks.dlq", "orders.v1": "orders.v1.dlq" }]);
        });
    });

    describe("topic grants", () => {
        const primaryArn = "arn:aws:kafka:us-east-1:123456789012:cluster/adp-test-streams/abcd-1";
        const replicaArn = "arn:aws:kafka:us-west-2:123456789012:cluster/adp-test-streams-replica/efgh-2";
        const topicArn = (cluster: string, t: string) => mskResourceArn(cluster, "topic", t);

        it("produce: connect, describe and write the topic and its dead-letter topic, on the primary and the replica", () => {
            const doc = topicAccessPolicy([primaryArn, replicaArn], "clicks", "produce");
            assert.deepStrictEqual(
                doc.Statement.map((s) => [s.Action, s.Resource]),
                [
                    [["kafka-cluster:Connect"], [primaryArn, replicaArn]],
                    [
                        ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
                        [topicArn(primaryArn, "clicks"), topicArn(primaryArn, "clicks.dlq"), topicArn(replicaArn, "clicks"), topicArn(replicaArn, "clicks.dlq")],
                    ],
                ],
            );
            assert.strictEqual(topicArn(primaryArn, "clicks"), "arn:aws:kafka:us-east-1:123456789012:topic/adp-test-streams/abcd-1/clicks");
        });

        it("consume: read both, dead-letter to the DLQ only, and the consumer-group rights; never write the topic itself", () => {
            const doc = topicAccessPolicy([primaryArn], "clicks", "consume");
            const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
            assert.deepStrictEqual(bySid.ConsumeTopicAndDeadLetters.Action, ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]);
            assert.deepStrictEqual(bySid.ConsumeTopicAndDeadLetters.Resource, [topicArn(primaryArn, "clicks"), topicArn(primaryArn, "clicks.dlq")]);
            assert.deepStrictEqual([bySid.DeadLetterFailedMessages.Action, bySid.DeadLetterFailedMessages.Resource], [["kafka-cluster:WriteData"], [topicArn(primaryArn, "clicks.dlq")]]);
            assert.deepStrictEqual(bySid.ConsumerGroups.Action, ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]);
            assert.deepStrictEqual(bySid.ConsumerGroups.Resource, ["arn:aws:kafka:us-east-1:123456789012:group/adp-test-streams/abcd-1/*"]);
            const writes = doc.Statement.filter((s) => s.Action.includes("kafka-cluster:WriteData")).flatMap((s) => s.Resource);
            assert.ok(!writes.includes(topicArn(primaryArn, "clicks")));
        });

        it("attached to a workload's role as an inline policy built from the primary and the replica cluster; a topic of no stream is refused", async () => {
            let refused: unknown;
            const result: RunResult = await runProgram({
                project: ns,
                stack: "test",
                program: () => {
                    const { buildPlatform } = require("../stacks/program") as typeof import("../stacks/program");
                    const platform = buildPlatform(parsePlatformConfig(flatConfig(stackConfig("aws", "prod", { [`${ns}:stream`]: stream })), { project: ns, stack: "test" }));
                    const principal = { cloud: "aws" as const, roleName: pulumi.output("app"), roleArn: pulumi.output("arn:aws:iam::123456789012:role/app") };
                    const grant = platform.streams.grant("clicks", "consume");
                    assert.match(grant.description, /consume on topic clicks and clicks\.dlq/);
                    grant.attach(principal, "app-clicks", { parent: platform, provider: platform.providers.primary });
                    try {
                        platform.streams.grant("nope", "produce");
                    } catch (err) {
                        refused = err;
                    }
                },
            });
            const policy = one(result, T.rolePolicy, "app-clicks");
            assert.strictEqual(policy.inputs.role, "app");
            assert.deepStrictEqual([...deps(policy, "policy")].sort(), [one(result, T.cluster, "replica").urn, one(result, T.cluster, "streams").urn].sort());
            assert.match(String(refused), /no topic nope in this stream \(topics: clicks, orders\.v1\)/);
        });
    });

    describe("the policy pack sees the platform's streams", () => {
        it("a topic kept 24 hours blocks prod (stream-retention, mandatory) and passes dev's 24-hour minimum", async () => {
            const short = { topics: [{ name: "clicks", partitions: 3, retentionHours: 24 }] };
            const r = await planFor(stackConfig("aws", "prod", { [`${ns}:stream`]: short }));
            const found = r.analysis.violations.filter((v) => v.policy === "stream-retention");
            assert.deepStrictEqual(found.map((v) => [v.level, v.urn]), [["mandatory", ofType(r, T.topic).find((t) => t.inputs.name === "clicks")!.urn]]);
            assert.strictEqual(r.exitCode, 1);
            assertCleanPlan(await planFor(stackConfig("aws", "dev", { [`${ns}:stream`]: short })), "aws", "dev");
        });
    });

    describe("config errors", () => {
        const rejects = (environment: "dev" | "prod", overrides: Record<string, unknown>, key: string, allowed: RegExp) => assertRefused("aws", overrides, key, allowed, environment);

        it("more partition replicas per broker than MSK recommends for the broker size", () => {
            const big = { topics: [{ name: "firehose", partitions: 400, retentionHours: 168 }] };
            // 400 partitions, its DLQ 400 more, 3 replicas each, on 3 brokers: 800 per broker — accepted.
            assert.strictEqual(partitionReplicasPerBroker({ ...big, dlqRetentionHours: 336, replicateToBackupRegion: true }, profiles.prod), 800);
            parsePlatformConfig(flatConfig(stackConfig("aws", "prod", { [`${ns}:stream`]: big })), { project: ns, stack: "prod" });
            rejects("prod", { [`${ns}:stream`]: { topics: [{ name: "firehose", partitions: 501, retentionHours: 168 }] } }, "stream.topics", /at most 1000 partition replicas on each kafka\.m7g\.large broker .*would carry 1002 each/);
            // Dev: 2 replicas on 2 brokers, or on 4 when the copy doubles the brokers per zone.
            const dev501 = { topics: [{ name: "firehose", partitions: 501, retentionHours: 168 }] };
            rejects("dev", { [`${ns}:stream`]: dev501 }, "stream.topics", /the 2 dev brokers would carry 1002 each/);
            parsePlatformConfig(flatConfig(stackConfig("aws", "dev", { [`${ns}:stream`]: { ...dev501, replicateToBackupRegion: true } })), { project: ns, stack: "dev" });
        });

        it("a network.cidr whose successor cannot be the replica's VPC, when the copy is on", () => {
            rejects("prod", { [`${ns}:network`]: { cidr: "10.255.0.0/16" } }, "network.cidr", /the block after it, 11\.0\.0\.0\/16, is not in a private \(RFC 1918\) range/);
            rejects("prod", { [`${ns}:network`]: { cidr: "172.19.0.0/16" } }, "network.cidr", /overlaps network\.serviceCidr 172\.20\.0\.0\/16/);
            // Without the copy there is no replica VPC to place.
            // (Nor one for the feature store's Global Datastore secondary, which takes the block after that.)
            parsePlatformConfig(
                flatConfig(stackConfig("aws", "prod", { [`${ns}:network`]: { cidr: "10.255.0.0/16" }, [`${ns}:stream`]: { replicateToBackupRegion: false }, [`${ns}:featureStore`]: { crossRegion: false } })),
                { project: ns, stack: "prod" },
            );
        });
    });
});

