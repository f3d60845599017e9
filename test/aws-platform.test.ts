import * as assert from "assert";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, parsedConfig } from "./support/config";
import { examplePlan } from "./support/examples";
import { airflowComponent, featureStoreComponent, retainedUnder, unretainedNeeds } from "./support/retention";
import { assertCleanPlan, dependents, ofType, one, planFor, stackConfig } from "./support/stack";

const T = {
    provider: "pulumi:providers:aws",
    key: "aws:kms/key:Key",
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    vault: "aws:backup/vault:Vault",
    vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    plan: "aws:backup/plan:Plan",
    selection: "aws:backup/selection:Selection",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
};

const ns = "ai-data-platform";
const lake = { coldAfterDays: 45, archiveAfterDays: 120, noncurrentVersionDays: 200, lockDays: 60, lockMode: "compliance" };

/**
 * IAM's condition semantics for the operators the bucket policy uses, on a request's headers:
 * StringEquals is false for a missing key, StringNotEquals true, Null tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
function conditionsHold(condition: Record<string, Record<string, string | string[]>>, headers: Record<string, string>): boolean {
    return Object.entries(condition).every(([op, keys]) =>
        Object.entries(keys).every(([k, v]) => {
            const values = ([] as string[]).concat(v);
            const present = k in headers;
            switch (op) {
                case "StringEquals":
                    return present && values.includes(headers[k]);
                case "StringNotEquals":
                    return !present || !values.includes(headers[k]);
                case "Null":
                    return values[0] === "true" ? !present : present;
                default:
                    throw new Error(`operator not modelled: ${op}`);
            }
        }),
    );
}

const regionOf = (r: PlanResult, x: RecordedResource) => r.resources.find((p) => p.urn === x.provider)?.inputs.region;

describe("AWS platform (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("aws", "prod", { "ai-data-platform:lake": lake, "ai-data-platform:backup": { retentionDays: 60, alertEmail: "data-oncall@example.com" } }));
        dev = await planFor(stackConfig("aws", "dev"));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: passes its environment's policy config with no violation at all, with non-default settings`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "aws", env);
        });
        it(`${env}: every cloud resource names an explicit provider, one per region`, () => {
            const r = env === "prod" ? prod : dev;
            const providers = ofType(r, T.provider);
            assert.deepStrictEqual(providers.map((p) => [p.name, p.inputs.region]).sort(), [["backup", "us-west-2"], ["primary", "us-east-1"]]);
            // Random values (the feature store's generated passwords) need no provider.
            const unprovided = r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:") && !x.type.startsWith("random:") && !x.provider);
            assert.deepStrictEqual(unprovided.map((x) => x.urn), []);
        });
    }

    it("encrypts lake and replica with the KMS key of their own region, rotated yearly, 30-day deletion window", () => {
        for (const [bucketName, keyName, region] of [["lake", "primary", "us-east-1"], ["replica", "backup", "us-west-2"]]) {
            const bucket = one(prod, T.bucket, bucketName);
            const key = one(prod, T.key, keyName);
            assert.strictEqual(regionOf(prod, bucket), region);
            // Stated, not left to the provider: a first preview's outputs then hold it for the replica policy.
            assert.strictEqual(bucket.inputs.region, region);
            assert.strictEqual(regionOf(prod, key), region);
            assert.deepStrictEqual([key.inputs.enableKeyRotation, key.inputs.rotationPeriodInDays, key.inputs.deletionWindowInDays], [true, 365, 30]);
            const [sse] = dependents(prod, bucket, T.sse, "bucket");
            const rule = (sse.inputs.rules as any[])[0];
            assert.strictEqual(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
            assert.ok(sse.propertyDependencies.rules.includes(key.urn), `${bucketName} is encrypted with the ${keyName} key`);
            assert.deepStrictEqual(rule.blockedEncryptionTypes, ["SSE-C"]);
        }
    });

    it("versions both buckets, blocks public access and ACLs, and denies plain HTTP and TLS below 1.2", () => {
        for (const name of ["lake", "replica"]) {
            const bucket = one(prod, T.bucket, name);
            assert.strictEqual((dependents(prod, bucket, T.versioning, "bucket")[0].inputs.versioningConfiguration as any).status, "Enabled");
            const pab = dependents(prod, bucket, T.publicAccess, "bucket")[0].inputs;
            assert.deepStrictEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
            assert.strictEqual((dependents(prod, bucket, T.ownership, "bucket")[0].inputs.rule as any).objectOwnership, "BucketOwnerEnforced");
            const doc = JSON.parse(dependents(prod, bucket, T.policy, "bucket")[0].inputs.policy as string);
            const conditions = doc.Statement.filter((s: any) => s.Effect === "Deny" && s.Action === "s3:*").map((s: any) => s.Condition);
            assert.deepStrictEqual(conditions, [{ Bool: { "aws:SecureTransport": "false" } }, { NumericLessThan: { "s3:TlsVersion": "1.2" } }]);
        }
    });

    it("refuses object writes that name SSE-S3, KMS without a key or any key but the platform key's alias, admits those that name none, with the policy known during the preview", () => {
        for (const [name, region, key] of [["lake", "us-east-1", "primary"], ["replica", "us-west-2", "backup"]]) {
            const bucket = one(prod, T.bucket, name);
            const policy = dependents(prod, bucket, T.policy, "bucket")[0];
            // A plain string: the transport policy reads this document during a first preview.
            assert.strictEqual(typeof policy.inputs.policy, "string");
            const writes = JSON.parse(policy.inputs.policy as string).Statement.filter((s: any) => s.Action === "s3:PutObject");
            assert.ok(writes.every((s: any) => s.Effect === "Deny" && s.Principal === "*" && s.Resource === `arn:aws:s3:::${bucket.inputs.bucket}/*`));
            const sse = "s3:x-amz-server-side-encryption";
            const keyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";
            const alias = `alias/adp-test-${key}`;
            assert.deepStrictEqual(
                writes.map((s: any) => s.Condition),
                [
                    { StringNotEquals: { [sse]: "aws:kms" }, Null: { [sse]: "false" } },
                    { StringEquals: { [sse]: "aws:kms" }, Null: { [keyId]: "true" } },
                    { StringNotEquals: { [keyId]: [`arn:aws:kms:${region}:123456789012:${alias}`, alias] }, Null: { [keyId]: "false" } },
                ],
            );
            // What the statements decide, request by request (a Deny applies when every condition of its block holds).
            const denied = (headers: Record<string, string>) => writes.some((s: any) => conditionsHold(s.Condition, headers));
            assert.strictEqual(denied({}), false, "no header: default encryption with the platform key");
            assert.strictEqual(denied({ [sse]: "aws:kms", [keyId]: `arn:aws:kms:${region}:123456789012:${alias}` }), false);
            assert.strictEqual(denied({ [sse]: "AES256" }), true);
            assert.strictEqual(denied({ [sse]: "aws:kms" }), true, "aws/s3 would encrypt it");
            assert.strictEqual(denied({ [sse]: "aws:kms", [keyId]: `arn:aws:kms:${region}:123456789012:key/another-key-of-this-account` }), true);
        }
    });

    it("takes lifecycle days and the lock from config, on the lake and the replica alike", () => {
        for (const name of ["lake", "replica"]) {
            const bucket = one(prod, T.bucket, name);
            assert.strictEqual(bucket.inputs.objectLockEnabled, true);
            const rule = (dependents(prod, bucket, T.lifecycle, "bucket")[0].inputs.rules as any[])[0];
            // The whole bucket, with the empty prefix stated (the provider would compute it), and no deprecated rule-level prefix.
            assert.deepStrictEqual([rule.filter, rule.prefix], [{ prefix: "" }, undefined]);
            // Glacier Instant Retrieval: a class AWS Backup backs up (Glacier Flexible Retrieval it skips).
            assert.deepStrictEqual(rule.transitions, [{ days: 45, storageClass: "STANDARD_IA" }, { days: 120, storageClass: "GLACIER_IR" }]);
            assert.deepStrictEqual(rule.noncurrentVersionExpiration, { noncurrentDays: 200 });
            assert.deepStrictEqual(rule.abortIncompleteMultipartUpload, { daysAfterInitiation: 7 });
            const lock = dependents(prod, bucket, T.lock, "bucket")[0].inputs.rule as any;
            assert.deepStrictEqual(lock.defaultRetention, { mode: "COMPLIANCE", days: 60 });
        }
    });

    it("dev defaults: no default lock, 30-day noncurrent expiry, governance would apply once lockDays is set", async () => {
        assert.strictEqual(ofType(dev, T.lock).length, 0);
        const rule = (ofType(dev, T.lifecycle)[0].inputs.rules as any[])[0];
        assert.deepStrictEqual(rule.noncurrentVersionExpiration, { noncurrentDays: 30 });
        const locked = await planFor(stackConfig("aws", "dev", { "ai-data-platform:lake": { lockDays: 3 } }));
        assert.deepStrictEqual((ofType(locked, T.lock)[0].inputs.rule as any).defaultRetention, { mode: "GOVERNANCE", days: 3 });
    });

    it("replicates the lake to the replica in the backup region within S3 Replication Time Control's 15 minutes", () => {
        const lakeBucket = one(prod, T.bucket, "lake");
        const replica = one(prod, T.bucket, "replica");
        assert.notStrictEqual(regionOf(prod, lakeBucket), regionOf(prod, replica));
        const rep = one(prod, T.replication);
        assert.ok(rep.propertyDependencies.bucket.includes(lakeBucket.urn));
        assert.ok(rep.propertyDependencies.rules.includes(replica.urn));
        assert.ok(rep.propertyDependencies.rules.includes(one(prod, T.key, "backup").urn), "replicas are encrypted with the backup region's key");
        const dest = (rep.inputs.rules as any[])[0].destination;
        assert.strictEqual(dest.bucket, `arn:aws:s3:::${replica.inputs.bucket}`);
        assert.deepStrictEqual(dest.replicationTime, { status: "Enabled", time: { minutes: 15 } });
        // The RTC SLA pays credits below 99.9% of objects within 15 minutes a month: no bound on every object.
        assert.deepStrictEqual([prod.outputs.recoveryPointObjectiveMinutes, prod.outputs.recoveryPointObjectiveBasis], [15, "sla-credits"]);
        // S3 takes the rule only once both buckets are versioned: their BucketVersioning resources are waited for by name.
        for (const bucket of [lakeBucket, replica]) {
            const versioning = dependents(prod, bucket, T.versioning, "bucket")[0];
            assert.ok(rep.dependencies.includes(versioning.urn), `the rule waits for the ${bucket.name} bucket's versioning`);
        }
        assert.strictEqual(prod.outputs.replicaRegion, "us-west-2");
        assert.strictEqual(prod.outputs.lakeUrl, `s3://${lakeBucket.inputs.bucket}`);
    });

    it("backs the lake up daily for retentionDays, copies each backup to a vault in the backup region, and keeps continuous backups within AWS's 35 days", () => {
        const plan = one(prod, T.plan);
        const rules = plan.inputs.rules as any[];
        const daily = rules.find((r) => r.ruleName === "daily");
        const continuous = rules.find((r) => r.ruleName === "continuous");
        assert.deepStrictEqual(daily.lifecycle, { deleteAfter: 60 });
        assert.deepStrictEqual(daily.copyActions[0].lifecycle, { deleteAfter: 60 });
        assert.deepStrictEqual([continuous.enableContinuousBackup, continuous.lifecycle], [true, { deleteAfter: 35 }]);
        const copyVault = one(prod, T.vault, "lake-copy");
        assert.strictEqual(regionOf(prod, copyVault), "us-west-2");
        assert.ok(plan.propertyDependencies.rules.includes(copyVault.urn));
        assert.ok(copyVault.propertyDependencies.kmsKeyArn.includes(one(prod, T.key, "backup").urn));
        const selection = one(prod, T.selection);
        assert.deepStrictEqual(selection.inputs.resources, [`arn:aws:s3:::${one(prod, T.bucket, "lake").inputs.bucket}`]);
        assert.ok(selection.dependencies.includes(dependents(prod, one(prod, T.bucket, "lake"), T.versioning, "bucket")[0].urn), "AWS Backup needs the lake versioned");
        // Continuous backups are not copied: copies of them have no point-in-time restore.
        assert.strictEqual(continuous.copyActions, undefined);
        assert.strictEqual(prod.outputs.backupRetentionDays, 60);
    });

    it("alarms in the primary region on the replication rule's latency past 15 minutes and on any failed replication", () => {
        const rep = one(prod, T.replication);
        const ruleId = (rep.inputs.rules as any[])[0].id;
        const alarms = Object.fromEntries(ofType(prod, T.alarm).map((a) => [a.name, a.inputs as any]));
        assert.deepStrictEqual(Object.keys(alarms).sort(), ["lake-replication-failed", "lake-replication-latency"]);
        const dims = { SourceBucket: one(prod, T.bucket, "lake").inputs.bucket, DestinationBucket: one(prod, T.bucket, "replica").inputs.bucket, RuleId: ruleId };
        assert.deepStrictEqual(
            Object.values(alarms).map((a) => [a.namespace, a.dimensions, a.comparisonOperator, a.treatMissingData]),
            [0, 1].map(() => ["AWS/S3", dims, "GreaterThanThreshold", "notBreaching"]),
        );
        assert.deepStrictEqual([alarms["lake-replication-latency"].metricName, alarms["lake-replication-latency"].statistic, alarms["lake-replication-latency"].threshold], ["ReplicationLatency", "Maximum", 900]);
        assert.deepStrictEqual([alarms["lake-replication-failed"].metricName, alarms["lake-replication-failed"].statistic, alarms["lake-replication-failed"].threshold], ["OperationsFailedReplication", "Sum", 0]);
        assert.ok(ofType(prod, T.alarm).every((a) => regionOf(prod, a) === "us-east-1" && !a.retainOnDelete));
    });

    it("sends failed, aborted, expired and partial backup and copy jobs, and both replication alarms, to an SNS topic on the platform key; mails backup.alertEmail only when set", () => {
        for (const [r, email] of [[prod, "data-oncall@example.com"], [dev, undefined]] as const) {
            const topic = one(r, T.topic, "backup-alerts");
            assert.strictEqual(regionOf(r, topic), "us-east-1");
            assert.ok(topic.propertyDependencies.kmsMasterKeyId.includes(one(r, T.key, "primary").urn), "encrypted with the primary platform key");
            const rule = one(r, T.eventRule, "backup-failures");
            assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern as string), {
                source: ["aws.backup"],
                "detail-type": ["Backup Job State Change", "Copy Job State Change"],
                detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] },
            });
            const target = one(r, T.eventTarget, "backup-failures");
            assert.ok(target.propertyDependencies.arn.includes(topic.urn) && target.propertyDependencies.rule.includes(rule.urn));
            assert.ok(target.dependencies.includes(one(r, T.topicPolicy, "backup-alerts").urn), "the rule may publish before it is wired");
            for (const alarm of ofType(r, T.alarm)) assert.ok(alarm.propertyDependencies.alarmActions.includes(topic.urn), alarm.name);
            const subs = ofType(r, T.subscription).map((x) => [x.inputs.protocol, x.inputs.endpoint]);
            assert.deepStrictEqual(subs, email ? [["email", email]] : []);
        }
        // The key lets the publishing services encrypt for the topic (SNS asks KMS as them).
        const keyPolicy = JSON.parse(one(prod, T.key, "primary").inputs.policy as string);
        const forTopics = keyPolicy.Statement.find((x: any) => x.Sid === "AlarmsAndEventsPublishToEncryptedTopics");
        assert.deepStrictEqual([forTopics.Principal.Service, forTopics.Action], [["cloudwatch.amazonaws.com", "events.amazonaws.com"], ["kms:Decrypt", "kms:GenerateDataKey*"]]);
    });

    it("prod retains every data-bearing resource on delete, locks its vaults and never force-destroys; dev retains nothing and empties on destroy", () => {
        const dataBearing = (r: PlanResult) => r.resources.filter((x) => [T.bucket, T.key, T.vault].includes(x.type));
        assert.strictEqual(dataBearing(prod).length, 6);
        assert.deepStrictEqual(dataBearing(prod).filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        assert.ok(ofType(prod, T.bucket).every((b) => b.inputs.forceDestroy === false));
        assert.strictEqual(ofType(prod, T.vaultLock).length, 2);
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
        assert.ok(ofType(dev, T.bucket).every((b) => b.inputs.forceDestroy === true));
        assert.ok(ofType(dev, T.vault).every((v) => v.inputs.forceDestroy === true));
        assert.strictEqual(ofType(dev, T.vaultLock).length, 0);
    });

    it("a prod stack whose backups are kept one day ends the plan non-zero, the backup-retention policy naming each rule's retention", async () => {
        // Prod wants the lock at least as long as the backups, so a one-day retention comes with a one-day lock.
        const weak = await planFor(stackConfig("aws", "prod", { [`${ns}:lake`]: { lockDays: 1 }, [`${ns}:backup`]: { retentionDays: 1 } }));
        assert.strictEqual(weak.exitCode, 1);
        const retention = weak.analysis.violations.filter((v) => v.policy === "backup-retention");
        assert.deepStrictEqual(
            retention.map((v) => [v.level, v.detail]),
            [
                ["mandatory", 'aws:backup/plan:Plan "lake": rule continuous keeps backups 1 days (at least 35 required).'],
                ["mandatory", 'aws:backup/plan:Plan "lake": rule daily keeps backups 1 days (at least 35 required).'],
                ["mandatory", 'aws:backup/plan:Plan "lake": copy of rule daily keeps backups 1 days (at least 35 required).'],
                // The feature store's snapshots are kept backup.retentionDays too.
                ["mandatory", 'aws:elasticache/replicationGroup:ReplicationGroup "feature-store": automatic snapshots (snapshotRetentionLimit) keeps backups 1 days (at least 35 required).'],
                ["mandatory", 'aws:elasticache/replicationGroup:ReplicationGroup "feature-store-secondary": automatic snapshots (snapshotRetentionLimit) keeps backups 1 days (at least 35 required).'],
            ],
        );
        assert.ok(retention.every((v) => v.message.includes("ai-data-platform:backup.retentionDays")), "the fix names the config key");
    });

    it("refuses a backup retention beyond the 99 years AWS Backup keeps S3 backups", () => {
        const err = configErrorFor("aws", { [`${ns}:backup`]: { retentionDays: 36136 } }, "dev");
        assert.strictEqual(err.key, `${ns}:backup.retentionDays`);
        assert.strictEqual(err.message, "invalid config ai-data-platform:backup.retentionDays: got 36136; allowed: at most 36135 on aws (AWS Backup keeps S3 backups up to 99 years)");
        assert.strictEqual(parsedConfig("aws", { [`${ns}:backup`]: { retentionDays: 36135 } }, "dev").backup.retentionDays, 36135, "the bound itself is accepted");
    });
});

describe("AWS prod keeps what its retained feature store and Airflow database need (examples/aws-*.yaml)", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await examplePlan("aws", "prod");
        dev = await examplePlan("aws", "dev");
    });

    it("prod retains the stores, the database and what keeps them reachable and deletable later; nothing a retained resource uses is left to a swap; dev retains nothing", () => {
        // EC2 refuses to delete a security group attached to a kept instance or group (DependencyViolation), RDS and
        // ElastiCache a subnet or parameter group in use, ElastiCache a user group (or its users) a group uses.
        assert.deepStrictEqual(unretainedNeeds(prod), []);
        assert.deepStrictEqual(retainedUnder(prod, featureStoreComponent), [
            "aws:ec2/securityGroup:SecurityGroup feature-store",
            "aws:ec2/securityGroup:SecurityGroup feature-store-secondary",
            "aws:ec2/subnet:Subnet feature-store-secondary-0",
            "aws:ec2/subnet:Subnet feature-store-secondary-1",
            "aws:ec2/subnet:Subnet feature-store-secondary-2",
            "aws:ec2/vpc:Vpc feature-store-secondary",
            "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup feature-store",
            "aws:elasticache/parameterGroup:ParameterGroup feature-store",
            "aws:elasticache/replicationGroup:ReplicationGroup feature-store",
            "aws:elasticache/replicationGroup:ReplicationGroup feature-store-secondary",
            "aws:elasticache/subnetGroup:SubnetGroup feature-store",
            "aws:elasticache/subnetGroup:SubnetGroup feature-store-secondary",
            "aws:elasticache/user:User feature-store-default",
            "aws:elasticache/user:User feature-store-default-secondary",
            "aws:elasticache/user:User feature-store-read",
            "aws:elasticache/user:User feature-store-read-secondary",
            "aws:elasticache/user:User feature-store-read-write",
            "aws:elasticache/user:User feature-store-read-write-secondary",
            "aws:elasticache/userGroup:UserGroup feature-store",
            "aws:elasticache/userGroup:UserGroup feature-store-secondary",
            // The kept store's clients read their passwords here.
            "aws:secretsmanager/secret:Secret feature-store-reader",
            "aws:secretsmanager/secret:Secret feature-store-writer",
            "aws:secretsmanager/secretVersion:SecretVersion feature-store-reader",
            "aws:secretsmanager/secretVersion:SecretVersion feature-store-writer",
        ]);
        // The workload side (roles, pod identities, Kubernetes objects, the chart) goes with the cluster.
        assert.deepStrictEqual(retainedUnder(prod, airflowComponent), [
            "aws:ec2/securityGroup:SecurityGroup airflow-database",
            "aws:rds/instance:Instance airflow-database",
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication airflow-database",
            "aws:rds/subnetGroup:SubnetGroup airflow-database",
        ]);
        // Both sit in the platform VPC's private subnets, which the kept MSK brokers already hold.
        assert.ok(["network", "private-a", "private-b", "private-c"].every((n) => prod.resources.some((x) => x.name === n && x.type.startsWith("aws:ec2/") && x.retainOnDelete)));
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
    });
});
