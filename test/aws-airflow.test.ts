import * as assert from "assert";
import { PlanResult } from "../tools/offline/plan";
import { airflowEnv, airflowPlan, assertDagsReachFeatureStore, assertOnSystemPool, assertProdAirflow, isPulumiSecret, secretNamed, values } from "./support/airflow";
import { runDagAuth } from "./support/dag-auth";
import { examplePlan } from "./support/examples";
import { assertCleanPlan, ofType, one, providerOf } from "./support/stack";

// Issue 13 on AWS, through the same offline preview as `npm run plan`: the chart on EKS, RDS for
// PostgreSQL with its cross-Region backups, task logs in the lake bucket through Pod Identity.

const T = {
    rds: "aws:rds/instance:Instance",
    copy: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    key: "aws:kms/key:Key",
    association: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
};

describe("Airflow on AWS", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await airflowPlan("aws", "prod");
        dev = await airflowPlan("aws", "dev", { executor: "CeleryExecutor", defaultTaskRetries: 1 });
    });

    it("prod: the chart values that matter, the outputs, no violation", () => {
        assertProdAirflow(prod, "aws", { folder: /^s3:\/\/adp-prod-lake-[^/]+\/airflow-logs$/, connectionId: "aws_logs" });
        assertOnSystemPool(prod, { "ai-data-platform/node-role": "system" });
    });

    it("prod: RDS for PostgreSQL, private, Multi-AZ, platform key, deletion-protected, backups 35 days, retained", () => {
        const db = one(prod, T.rds);
        const i = db.inputs;
        assert.deepStrictEqual(
            [i.engine, i.instanceClass, i.storageEncrypted, i.publiclyAccessible, i.multiAz, i.deletionProtection, i.backupRetentionPeriod, i.skipFinalSnapshot, i.deleteAutomatedBackups],
            ["postgres", "db.m7g.large", true, false, true, true, 35, false, false],
        );
        assert.ok(db.propertyDependencies.kmsKeyId.some((u) => u.includes(T.key)), "encrypted with a platform key");
        assert.ok(db.retainOnDelete);
        assert.strictEqual(prod.outputs.airflowDatabaseHost, "[unknown]");
    });

    it("prod: automated backups replicated to the backup region with that region's key", () => {
        const db = one(prod, T.rds);
        const copy = one(prod, T.copy);
        assert.deepStrictEqual(copy.propertyDependencies.sourceDbInstanceArn, [db.urn]);
        assert.strictEqual(copy.inputs.region, "us-west-2");
        assert.strictEqual(copy.inputs.retentionPeriod, 35);
        assert.strictEqual(providerOf(prod, copy)?.inputs.region, "us-west-2", "created through the backup region's provider");
        const keys = ofType(prod, T.key);
        const backupKey = keys.find((k) => copy.propertyDependencies.kmsKeyId.includes(k.urn));
        assert.ok(backupKey && !db.propertyDependencies.kmsKeyId.includes(backupKey.urn), "the copy's key is not the primary one");
        assert.ok(copy.retainOnDelete);
    });

    it("prod: task pods and the API server have Pod Identity roles for the lake", () => {
        const associations = prod.resources.filter((r) => r.type === T.association && String(r.inputs.namespace) === "airflow");
        assert.deepStrictEqual(associations.map((a) => a.inputs.serviceAccount).sort(), ["airflow-api-server", "airflow-worker"]);
    });

    it("dev: the chart's embedded PostgreSQL with a generated password, one replica, no PDB; Celery gets its broker", () => {
        assertCleanPlan(dev, "aws", "dev");
        const v = values(dev);
        assert.strictEqual(v.postgresql.enabled, true);
        assert.strictEqual(v.postgresql.auth.existingSecret, "airflow-embedded-postgres");
        assert.ok(isPulumiSecret(secretNamed(dev, "airflow-embedded-postgres")));
        assert.strictEqual(v.data.metadataSecretName, "airflow-metadata");
        assert.deepStrictEqual([v.apiServer.replicas, v.scheduler.replicas, v.apiServer.podDisruptionBudget.enabled], [1, 1, false]);
        assert.strictEqual(v.executor, "CeleryExecutor");
        assert.strictEqual(v.redis.enabled, true);
        assert.strictEqual(v.data.brokerUrlSecretName, "airflow-broker-url");
        assert.strictEqual(v.config.core.default_task_retries, "1");
        assert.ok(!dev.resources.some((r) => r.type === T.rds), "no RDS in dev");
        assert.deepStrictEqual((dev.outputs.airflowDatabaseRecoveryPoint as { pointInTimeDays: number }).pointInTimeDays, 0);
    });

    describe("the example stacks: DAGs write to the feature store as the worker identity", () => {
        for (const env of ["dev", "prod"] as const) {
            it(`${env}: the worker's role may read the writer's password secret; the DAG reads that secret`, async () => {
                const r = await examplePlan("aws", env);
                const grants = assertDagsReachFeatureStore(r, "token", /^AWS Secrets Manager: .*\(read-write\)/);
                assert.deepStrictEqual(grants.map((g) => [g.resource.type, g.identityProperty, g.storeProperty]), [["aws:iam/rolePolicy:RolePolicy", "role", "policy"]]);
                assert.ok(grants[0].resource.propertyDependencies.policy.some((u) => u.endsWith("aws:secretsmanager/secret:Secret::feature-store-writer")), "the read-write user's secret");
                const [secretId] = await runDagAuth([{ call: "writer_secret_id", args: { credential: airflowEnv(r).AIRFLOW_VAR_FEATURE_STORE_CREDENTIAL } }]);
                assert.strictEqual(secretId.result, `adp-${env}/feature-store/read-write`, secretId.error);
            });
        }
    });
});
