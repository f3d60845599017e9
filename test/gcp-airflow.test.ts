import * as assert from "assert";
import { PlanResult } from "../tools/offline/plan";
import { airflowEnv, airflowPlan, assertDagsReachFeatureStore, assertOnSystemPool, assertProdAirflow } from "./support/airflow";
import { examplePlan } from "./support/examples";
import { one } from "./support/stack";

// Issue 13 on GCP, through the same offline preview as `npm run plan`: the chart on GKE, Cloud SQL for
// PostgreSQL with backups in the backup region, task logs in the lake bucket through Workload Identity.

const T = {
    instance: "gcp:sql/databaseInstance:DatabaseInstance",
    keyGrant: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    psa: "gcp:servicenetworking/connection:Connection",
    account: "gcp:serviceaccount/account:Account",
};

describe("Airflow on GCP", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    before(async () => {
        prod = await airflowPlan("gcp", "prod", { database: { tier: "medium" } });
    });

    it("prod: the chart values that matter, the outputs, no violation", () => {
        assertProdAirflow(prod, "gcp", { folder: /^gs:\/\/[^/]+\/airflow-logs$/, connectionId: "google_cloud_logs" });
        assertOnSystemPool(prod, { "ai-data-platform/pool": "system" });
        const conn = airflowEnv(prod).AIRFLOW_CONN_GOOGLE_CLOUD_LOGS;
        assert.deepStrictEqual(JSON.parse(conn), { conn_type: "google_cloud_platform" }, "Application Default Credentials: no key file");
    });

    it("prod: Cloud SQL, private IP only, REGIONAL, CMEK, deletion-protected and abandoned, PITR, backups kept 35 in the backup region", () => {
        const db = one(prod, T.instance);
        const i = db.inputs as Record<string, any>;
        assert.strictEqual(i.databaseVersion, "POSTGRES_17");
        assert.deepStrictEqual([i.deletionProtection, i.deletionPolicy, i.settings.deletionProtectionEnabled], [true, "ABANDON", true]);
        assert.deepStrictEqual([i.settings.tier, i.settings.availabilityType], ["db-custom-4-15360", "REGIONAL"]);
        assert.strictEqual(i.settings.ipConfiguration.ipv4Enabled, false);
        assert.strictEqual(i.settings.ipConfiguration.sslMode, "ENCRYPTED_ONLY");
        const b = i.settings.backupConfiguration;
        assert.deepStrictEqual([b.enabled, b.pointInTimeRecoveryEnabled, b.transactionLogRetentionDays, b.location, b.backupRetentionSettings.retainedBackups], [true, true, 7, "us-east1", 35]);
        assert.ok(db.propertyDependencies.encryptionKeyName.some((u) => u.includes(T.cryptoKey)), "CMEK with a platform key");
        assert.ok(db.dependencies.includes(one(prod, T.psa).urn), "after the Private Service Access peering");
        assert.ok(db.retainOnDelete);
    });

    it("prod: the Cloud SQL service agent may use the key before the instance exists", () => {
        const grant = one(prod, T.keyGrant, "airflow-database-sql-agent");
        assert.ok(grant);
        assert.strictEqual(grant.inputs.role, "roles/cloudkms.cryptoKeyEncrypterDecrypter");
        const db = one(prod, T.instance);
        assert.ok(db.dependencies.some((u) => u.includes("airflow-database-key-propagation")), "waits for IAM propagation");
    });

    it("prod: Google service accounts for the log writers and the API server", () => {
        const names = prod.resources.filter((r) => r.type === T.account && /airflow/.test(r.name)).map((r) => r.name).sort();
        assert.deepStrictEqual(names, ["airflow-api-server", "airflow-worker"]);
    });

    describe("the example stacks: DAGs write to the feature store as the worker identity", () => {
        for (const env of ["dev", "prod"] as const) {
            it(`${env}: the worker's Google service account may connect to the store's instances`, async () => {
                const r = await examplePlan("gcp", env);
                const grants = assertDagsReachFeatureStore(r, "iam", /^IAM: an OAuth access token/);
                assert.deepStrictEqual(grants.map((g) => [g.resource.type, g.resource.inputs.role, g.identityProperty, g.storeProperty]), [
                    ["gcp:projects/iAMMember:IAMMember", "roles/memorystore.dbConnectionUser", "member", "condition"],
                ]);
                const instances = grants[0].resource.propertyDependencies.condition.filter((u) => u.includes("gcp:memorystore/instance:Instance::"));
                assert.strictEqual(instances.length, env === "prod" ? 2 : 1, "the primary, and in prod the copy a failover moves to");
            });
        }
    });
});
