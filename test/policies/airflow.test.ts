import * as assert from "assert";
import { policies } from "../../policy/policies";
import { evaluateFixture, FixtureResult, urnOf } from "../support/fixtures";
import { airflowRelease, cloudSqlDatabase, DatabaseSpec, flexibleServer, rdsDatabase } from "./airflow-fixture";

// Each Airflow policy against a violating and a compliant fixture on every cloud, through the same
// offline preview and analyzer as `npm run plan`.

const airflowPolicies = policies.map((p) => p.name).filter((n) => n.startsWith("airflow-"));
const clouds: [string, string, (name: string, spec?: DatabaseSpec) => unknown][] = [
    ["aws", "aws:rds/instance:Instance", rdsDatabase],
    ["gcp", "gcp:sql/databaseInstance:DatabaseInstance", cloudSqlDatabase],
    ["azure", "azure-native:dbforpostgresql:Server", flexibleServer],
];
const releaseType = "kubernetes:helm.sh/v3:Release";

const only = (r: FixtureResult, policy: string, urn: string) => {
    const found = r.of(policy);
    assert.strictEqual(found.length, 1, `${policy}: ${JSON.stringify(found.map((v) => v.message))}`);
    assert.strictEqual(found[0].level, "mandatory");
    assert.strictEqual(found[0].urn, urn);
    return found[0].message;
};

describe("airflow policies", function () {
    this.timeout(60_000);

    for (const [cloud, type, database] of clouds) {
        describe(`the metadata database on ${cloud}`, () => {
            it("a compliant database (CMK, 35 days of backups copied to another region, private, protected) passes every airflow policy, nothing unknown read", async () => {
                const r = await evaluateFixture(() => database("db"));
                assert.deepStrictEqual(r.violations.filter((v) => airflowPolicies.includes(v.policy) || /can't run policy/.test(v.message)), []);
            });
            it("airflow-database-encryption-cmk flags a database without a customer-managed key", async () => {
                const r = await evaluateFixture(() => database("db", { cmk: false }));
                assert.match(only(r, "airflow-database-encryption-cmk", urnOf(r, type, "db")), /is not encrypted with a customer-managed key/);
            });
            it("airflow-database-backups flags 7 days of backups, and no copy in another region", async () => {
                const r = await evaluateFixture(() => database("db", { backupDays: 7, crossRegionCopy: false }));
                const messages = r.of("airflow-database-backups").map((v) => v.message);
                assert.strictEqual(messages.length, 2, JSON.stringify(messages));
                assert.ok(messages.some((m) => /keeps backups 7 days \(at least 35 required\)/.test(m)));
                assert.ok(messages.some((m) => /has no backup copy in another region/.test(m)));
            });
            it("airflow-database-backups follows minBackupRetentionDays", async () => {
                const r = await evaluateFixture(() => database("db", { backupDays: 7 }), { policyConfig: { "airflow-database-backups": { minBackupRetentionDays: 7 } } });
                assert.deepStrictEqual(r.of("airflow-database-backups"), []);
            });
            it("airflow-database-private flags a database reachable from public networks", async () => {
                const r = await evaluateFixture(() => database("db", { public: true }));
                assert.match(only(r, "airflow-database-private", urnOf(r, type, "db")), /is reachable from public networks/);
            });
            it("airflow-database-deletion-protection flags a database nothing protects from deletion", async () => {
                const r = await evaluateFixture(() => database("db", { deletionProtection: false }));
                assert.match(only(r, "airflow-database-deletion-protection", urnOf(r, type, "db")), /can be deleted without lifting a protection first/);
            });
        });
    }

    it("a database whose key is left to the cloud cannot be judged during a preview (the key is computed), as under the CLI", async () => {
        for (const database of [rdsDatabase, cloudSqlDatabase]) {
            const r = await evaluateFixture(() => database("db", { cmk: "unstated" }));
            const found = r.of("airflow-database-encryption-cmk");
            assert.strictEqual(found.length, 1);
            assert.strictEqual(found[0].level, "advisory");
            assert.match(found[0].message, /can't run policy/);
        }
    });

    it("the database policies cap the retention at what the service allows (RDS: 35 days)", async () => {
        const r = await evaluateFixture(() => rdsDatabase("db"), { policyConfig: { "airflow-database-backups": { minBackupRetentionDays: 90 } } });
        assert.deepStrictEqual(r.of("airflow-database-backups"), []);
    });

    describe("the chart's release", () => {
        it("compliant values pass every airflow policy", async () => {
            const r = await evaluateFixture(() => airflowRelease("airflow"));
            assert.deepStrictEqual(r.violations.filter((v) => airflowPolicies.includes(v.policy)), []);
        });
        it("another chart is none of their business", async () => {
            const r = await evaluateFixture(() => airflowRelease("other", (v) => (v.executor = "LocalExecutor"), { chart: "other", repositoryOpts: { repo: "https://charts.example.com" } }));
            assert.deepStrictEqual(r.violations.filter((v) => airflowPolicies.includes(v.policy)), []);
        });
        it("airflow-no-embedded-database flags postgresql.enabled, and leaving it to the chart's default", async () => {
            const r = await evaluateFixture(() => {
                airflowRelease("embedded", (v) => (v.postgresql.enabled = true));
                airflowRelease("default", (v) => delete v.postgresql);
            });
            const found = r.of("airflow-no-embedded-database");
            assert.deepStrictEqual(found.map((v) => v.urn).sort(), [urnOf(r, releaseType, "default"), urnOf(r, releaseType, "embedded")].sort());
            assert.ok(found.some((v) => /not set: the chart's default, true/.test(v.message)));
        });
        it("airflow-remote-logging flags remote logging off, and on without a folder", async () => {
            const r = await evaluateFixture(() => {
                airflowRelease("off", (v) => (v.config.logging.remote_logging = "False"));
                airflowRelease("nowhere", (v) => delete v.config.logging.remote_base_log_folder);
            });
            const found = r.of("airflow-remote-logging");
            assert.strictEqual(found.length, 2);
            assert.ok(found.some((v) => v.urn === urnOf(r, releaseType, "off") && /keeps task logs on the pods only/.test(v.message)));
            assert.ok(found.some((v) => v.urn === urnOf(r, releaseType, "nowhere") && /without config\.logging\.remote_base_log_folder/.test(v.message)));
        });
        it("airflow-executor flags SequentialExecutor and LocalExecutor (also in a multi-executor), passes Celery with Kubernetes", async () => {
            const r = await evaluateFixture(() => {
                airflowRelease("sequential", (v) => (v.executor = "SequentialExecutor"));
                airflowRelease("local", (v) => (v.executor = "LocalExecutor,KubernetesExecutor"));
                airflowRelease("celery", (v) => (v.executor = "CeleryExecutor,KubernetesExecutor"));
            });
            assert.deepStrictEqual(r.of("airflow-executor").map((v) => v.urn).sort(), [urnOf(r, releaseType, "local"), urnOf(r, releaseType, "sequential")].sort());
        });
        it("airflow-task-retries flags 0 retries and Airflow's default (not set); follows minTaskRetries", async () => {
            const r = await evaluateFixture(() => {
                airflowRelease("zero", (v) => (v.config.core.default_task_retries = "0"));
                airflowRelease("unset", (v) => delete v.config.core);
            });
            assert.strictEqual(r.of("airflow-task-retries").length, 2);
            assert.ok(r.of("airflow-task-retries").some((v) => /0 times \(not set: Airflow's default\)/.test(v.message)));
            const strict = await evaluateFixture(() => airflowRelease("three"), { policyConfig: { "airflow-task-retries": { minTaskRetries: 5 } } });
            assert.match(only(strict, "airflow-task-retries", urnOf(strict, releaseType, "three")), /retries tasks "3" times by default \(at least 5 required\)/);
        });
        it("airflow-chart-pinned flags a range and no version, passes an exact one", async () => {
            const r = await evaluateFixture(() => {
                airflowRelease("range", undefined, { version: "^1.22.0" });
                airflowRelease("latest", undefined, { version: undefined });
            });
            assert.deepStrictEqual(r.of("airflow-chart-pinned").map((v) => v.urn).sort(), [urnOf(r, releaseType, "latest"), urnOf(r, releaseType, "range")].sort());
        });
    });
});
