import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { storePasswordPolicy } from "../components/feature-store/aws";
import { CloudPrincipal } from "../components/shared/grants";
import { parsePlatformConfig } from "../stacks/config";
import { runProgram } from "./support/run";
import { RecordedResource } from "../tools/offline/types";
import { flatConfig } from "./support/config";
import { examplePlan } from "./support/examples";
import { assertCleanPlan, builtFrom, ofType, one, planFor, providerOf, stackConfig } from "./support/stack";

// The feature store on AWS (issue 12), through the example plans `npm run plan` computes: ElastiCache for
// Valkey with TLS required, the platform key, RBAC users, Multi-AZ failover, snapshots, and in prod a Global
// Datastore secondary in the backup region; the outputs a client reads; the grant a workload gets.

const ns = "ai-data-platform";
const T = {
    key: "aws:kms/key:Key",
    group: "aws:elasticache/replicationGroup:ReplicationGroup",
    global: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    userGroup: "aws:elasticache/userGroup:UserGroup",
    user: "aws:elasticache/user:User",
    parameters: "aws:elasticache/parameterGroup:ParameterGroup",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    vpc: "aws:ec2/vpc:Vpc",
    secret: "aws:secretsmanager/secret:Secret",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    cronJob: "kubernetes:batch/v1:CronJob",
};

const keyIn = (r: { resources: RecordedResource[] }, region: "primary" | "backup") => ofType(r, T.key).filter((k) => providerOf(r, k)?.name === region);

describe("feature store on AWS", function () {
    this.timeout(180_000);

    describe("prod (examples/aws-prod.yaml)", () => {
        let r: Awaited<ReturnType<typeof examplePlan>>;
        before(async () => {
            r = await examplePlan("aws", "prod");
        });

        it("a Valkey replication group in the primary region: TLS required, encrypted with the platform key, Multi-AZ failover, snapshots kept 35 days, retained on delete", () => {
            const g = one(r, T.group, "feature-store");
            assert.strictEqual(providerOf(r, g)?.name, "primary");
            const i = g.inputs;
            assert.deepStrictEqual(
                [i.engine, i.engineVersion, i.nodeType, i.clusterMode, i.numCacheClusters, i.automaticFailoverEnabled, i.multiAzEnabled],
                ["valkey", "8.2", "cache.r7g.large", "disabled", 2, true, true],
            );
            assert.deepStrictEqual([i.transitEncryptionEnabled, i.transitEncryptionMode, i.atRestEncryptionEnabled, i.snapshotRetentionLimit], [true, "required", true, 35]);
            assert.ok(keyIn(r, "primary").some((k) => builtFrom(g, "kmsKeyId", k)), "encrypted with the primary platform key");
            assert.ok(builtFrom(g, "userGroupIds", one(r, T.userGroup, "feature-store")));
            assert.strictEqual(g.retainOnDelete, true);
        });

        it("the eviction policy is the config's, in the group's parameter group", () => {
            const p = one(r, T.parameters, "feature-store");
            assert.deepStrictEqual(p.inputs.parameters, [{ name: "maxmemory-policy", value: "volatile-lru" }]);
            assert.strictEqual(p.inputs.family, "valkey8");
        });

        it("RBAC: the default user is off and has a password; a reader and a writer with generated passwords, kept in Secrets Manager under the platform key and replicated", () => {
            const users = ofType(r, T.user).filter((u) => !u.name.endsWith("-secondary"));
            const byName = Object.fromEntries(users.map((u) => [u.inputs.userName, u.inputs]));
            assert.match(String(byName.default.accessString), /^off /);
            assert.deepStrictEqual((byName.default.authenticationMode as { type: string }).type, "password");
            assert.match(String(byName["adp-prod-fs-reader"].accessString), /-@all \+@read/);
            assert.match(String(byName["adp-prod-fs-writer"].accessString), /\+@all -@dangerous/);
            for (const s of ofType(r, T.secret).filter((x) => x.name.startsWith("feature-store-"))) {
                assert.ok(keyIn(r, "primary").some((k) => builtFrom(s, "kmsKeyId", k)), s.name);
                assert.strictEqual((s.inputs.replicas as { region: string }[])[0].region, "us-west-2");
            }
        });

        it("reachable on its port from the VPC and the pods only, with no egress", () => {
            const sg = ofType(r, T.sg).find((x) => x.name === "feature-store")!;
            assert.deepStrictEqual(sg.inputs.ingress, [
                { description: "Valkey (TLS) from nodes and pods", protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.40.0.0/16", "100.64.0.0/16"] },
            ]);
            assert.deepStrictEqual(sg.inputs.egress, []);
        });

        it("a Global Datastore secondary in the backup region, with the backup region's key, its own users and a private VPC of its own", () => {
            const primary = one(r, T.group, "feature-store");
            const global = one(r, T.global, "feature-store");
            assert.ok(builtFrom(global, "primaryReplicationGroupId", primary));
            const secondary = one(r, T.group, "feature-store-secondary");
            assert.strictEqual(providerOf(r, secondary)?.name, "backup");
            assert.ok(builtFrom(secondary, "globalReplicationGroupId", global));
            assert.ok(keyIn(r, "backup").some((k) => builtFrom(secondary, "kmsKeyId", k)));
            assert.strictEqual(secondary.inputs.nodeType, undefined, "the node type comes from the Global Datastore");
            assert.deepStrictEqual([secondary.inputs.transitEncryptionMode, secondary.inputs.multiAzEnabled, secondary.retainOnDelete], ["required", true, true]);
            assert.strictEqual(one(r, T.vpc, "feature-store-secondary").inputs.cidrBlock, "10.42.0.0/16");
        });

        it("outputs: TLS, token auth with the secrets named (never the password), the replica's host, the copy's recovery point, and why there is no export", () => {
            const o = r.outputs;
            assert.deepStrictEqual([o.featureStoreTls, o.featureStoreAuth, o.featureStorePort, o.featureStoreClusterMode], [true, "token", 6379, false]);
            assert.match(String(o.featureStoreCredential), /^AWS Secrets Manager: adp-prod\/feature-store\/read \(read\), adp-prod\/feature-store\/read-write \(read-write\)/);
            assert.deepStrictEqual(o.featureStoreRecoveryPoint, {
                basis: "replication-lag",
                measuredBy: "CloudWatch AWS/ElastiCache GlobalDatastoreReplicationLag of the secondary replication group",
            });
            assert.match(String((o.featureStoreBackupExport as { note: string }).note), /^not exported: .*BucketOwnerEnforced/);
            assert.strictEqual(ofType(r, T.cronJob).length, 0, "no export job that could not work");
        });
    });

    it("sharded (shards: 3): cluster mode, three node groups, and featureStoreClusterMode tells clients to follow the slot map", async () => {
        const r = await planFor(stackConfig("aws", "prod", { [`${ns}:featureStore`]: { shards: 3 } }));
        const i = one(r, T.group, "feature-store").inputs;
        assert.deepStrictEqual([i.clusterMode, i.numNodeGroups, i.replicasPerNodeGroup, i.numCacheClusters], ["enabled", 3, 1, undefined]);
        assert.strictEqual(r.outputs.featureStoreClusterMode, true);
        assertCleanPlan(r, "aws", "prod");
    });

    describe("dev (examples/aws-dev.yaml)", () => {
        it("one burstable node, no replica, no copy, snapshots kept 7 days; no recovery point or replica host", async () => {
            const r = await examplePlan("aws", "dev");
            const g = one(r, T.group, "feature-store");
            assert.deepStrictEqual([g.inputs.nodeType, g.inputs.numCacheClusters, g.inputs.automaticFailoverEnabled, g.inputs.snapshotRetentionLimit, g.retainOnDelete], ["cache.t4g.small", 1, false, 7, false]);
            assert.strictEqual(ofType(r, T.global).length, 0);
            assert.strictEqual(r.outputs.featureStoreRecoveryPoint, undefined);
        });
    });

    it("grants: read and read-write give a workload's role the matching password secret (and its replica) and decryption through Secrets Manager only", async () => {
        const result = await runProgram({
            project: ns,
            stack: "test",
            program: () => {
                const { buildPlatform } = require("../stacks/program") as typeof import("../stacks/program");
                const platform = buildPlatform(parsePlatformConfig(flatConfig(stackConfig("aws", "prod")), { project: ns, stack: "test" }));
                const principal: CloudPrincipal = { cloud: "aws", roleName: pulumi.output("feast"), roleArn: pulumi.output("arn:aws:iam::123456789012:role/feast") };
                const opts = { parent: platform.featureStore, provider: platform.providers.primary };
                platform.featureStore.grant("read").attach(principal, "serving", opts);
                platform.featureStore.grant("read-write").attach(principal, "materialize", opts);
            },
        });
        for (const [name, access] of [["serving", "read"], ["materialize", "read-write"]] as const) {
            const policy = one(result, T.rolePolicy, name);
            const secret = one(result, T.secret, `feature-store-${access === "read" ? "reader" : "writer"}`);
            assert.ok(builtFrom(policy, "policy", secret), `${name} names the ${access} secret`);
            assert.ok(keyIn(result, "backup").some((k) => builtFrom(policy, "policy", k)), "the replica's key too");
        }
    });

    it("the password policy names the secret and its replica in the backup region, and decrypts through Secrets Manager only", () => {
        const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:adp-prod/feature-store/read-AbCdEf";
        assert.deepStrictEqual(storePasswordPolicy(arn, ["arn:aws:kms:us-east-1:123456789012:key/k1"], "us-west-2"), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ReadStorePassword",
                    Effect: "Allow",
                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    Resource: [arn, "arn:aws:secretsmanager:us-west-2:123456789012:secret:adp-prod/feature-store/read-AbCdEf"],
                },
                {
                    Sid: "DecryptThroughSecretsManager",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: ["arn:aws:kms:us-east-1:123456789012:key/k1"],
                    Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
                },
            ],
        });
    });
});
