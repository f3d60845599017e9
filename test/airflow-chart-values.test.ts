import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { chartValues, ChartInputs, dagBundles, gitConnectionSecret, pgbouncerIni, pgbouncerUrl, pgbouncerUsers } from "../components/airflow/chart-values";
import { AirflowSettings } from "../components/airflow/contract";
import { platformEnvironment } from "../components/airflow/platform-env";

// The chart values builder and the DAGs' environment on their own (no plan): what changes with the executor, the environment and
// the DAG source, and the PgBouncer files the platform writes for the chart.

const settings: AirflowSettings = {
    chartVersion: "1.22.0",
    executor: "KubernetesExecutor",
    dags: { repo: "https://github.com/acme/pipelines.git", branch: "release", subPath: "pipelines/dags", credentialsSecret: "" },
    database: { tier: "small", highAvailability: true },
    defaultTaskRetries: 2,
};
const inputs = (over: Partial<ChartInputs> = {}): ChartInputs => ({
    settings,
    replicas: 2,
    embeddedDatabase: false,
    systemNodeSelector: { "ai-data-platform/node-role": "system" },
    serviceAccounts: { worker: "airflow-worker", apiServer: "airflow-api-server" },
    identityPodLabels: {},
    logging: { baseFolder: "s3://lake/airflow-logs", connectionId: "aws_logs", extraConfig: {} },
    env: [],
    ...over,
});

describe("Airflow chart values", () => {
    it("DAGs from the repository as a GitDagBundle on the configured branch and folder, cloned with the git connection", () => {
        const v = chartValues(inputs()) as any;
        assert.strictEqual(v.config.dag_processor, undefined, "left to the chart, which renders it from dagBundleConfigList");
        assert.deepStrictEqual(v.dagProcessor.dagBundleConfigList, [
            {
                name: "dags",
                classpath: "airflow.providers.git.bundles.git.GitDagBundle",
                kwargs: { repo_url: "https://github.com/acme/pipelines.git", tracking_ref: "release", subdir: "pipelines/dags", git_conn_id: "git_dags", refresh_interval: 60 },
            },
        ]);
        assert.deepStrictEqual(v.secret, [{ envName: "AIRFLOW_CONN_GIT_DAGS", secretName: "airflow-git-connection", secretKey: "connection" }]);
    });

    it("a private repository's credentials come from the user's Secret; a bundle of the user's own needs none", () => {
        assert.deepStrictEqual(gitConnectionSecret({ ...settings.dags, credentialsSecret: "pipelines-git" }), ["pipelines-git"]);
        const bundle = { name: "s3", classpath: "airflow.providers.amazon.aws.bundles.s3.S3DagBundle", kwargs: { bucket_name: "dags" } };
        const own = { branch: "main", subPath: "dags", credentialsSecret: "", bundle };
        assert.deepStrictEqual(gitConnectionSecret(own), []);
        assert.deepStrictEqual(dagBundles(own), [bundle]);
    });

    it("Celery brings its Redis broker with a password Secret, and a result backend through PgBouncer", () => {
        const v = chartValues(inputs({ settings: { ...settings, executor: "CeleryExecutor,KubernetesExecutor" } })) as any;
        assert.deepStrictEqual([v.executor, v.redis.enabled, v.redis.passwordSecretName, v.data.brokerUrlSecretName], ["CeleryExecutor,KubernetesExecutor", true, "airflow-redis-password", "airflow-broker-url"]);
        assert.strictEqual(v.workers.serviceAccount.name, "airflow-worker", "the legacy key chart 1.22 binds Celery RBAC to");
        const k = chartValues(inputs()) as any;
        assert.deepStrictEqual([k.redis.enabled, k.data.brokerUrlSecretName], [false, undefined]);
    });

    it("one replica and no PodDisruptionBudgets where the profile asks for one; the embedded database with its Secret", () => {
        const v = chartValues(inputs({ replicas: 1, embeddedDatabase: true })) as any;
        for (const c of ["apiServer", "scheduler", "dagProcessor", "triggerer", "pgbouncer"]) {
            assert.deepStrictEqual([v[c].replicas, v[c].podDisruptionBudget.enabled], [1, false], c);
        }
        assert.deepStrictEqual(v.postgresql.auth, { existingSecret: "airflow-embedded-postgres" });
        assert.strictEqual(v.data.metadataSecretName, "airflow-metadata", "the connection still comes from the platform's Secret");
    });

    it("no default admin/admin user, under the old and the new key", () => {
        const v = chartValues(inputs()) as any;
        assert.deepStrictEqual([v.createUserJob.defaultUser.enabled, v.webserver.defaultUser.enabled], [false, false]);
    });

    it("retries, no example DAGs, and the cloud's extra log config merged into config", () => {
        const v = chartValues(inputs({ logging: { baseFolder: "wasb-airflow-logs", connectionId: "wasb_logs", extraConfig: { azure_remote_logging: { remote_wasb_log_container: "lake" } } } })) as any;
        assert.deepStrictEqual(v.config.core, { default_task_retries: "2", default_task_retry_delay: "60", load_examples: "False" });
        assert.deepStrictEqual(v.config.azure_remote_logging, { remote_wasb_log_container: "lake" });
        assert.deepStrictEqual(v.config.logging, { remote_logging: "True", remote_base_log_folder: "wasb-airflow-logs", remote_log_conn_id: "wasb_logs", delete_local_logs: "True" });
    });

    it("pgbouncer.ini: the metadata database (and Celery's result backend) over TLS to a managed server", () => {
        const db = { host: "db.internal", port: 5432, name: "airflow", user: "airflow", sslmode: "require" };
        const ini = pgbouncerIni(db, false);
        assert.match(ini, /^airflow-metadata = host=db\.internal dbname=airflow port=5432 pool_size=10$/m);
        assert.doesNotMatch(ini, /airflow-result-backend/);
        assert.match(ini, /^server_tls_sslmode = require$/m);
        assert.match(ini, /^auth_file = \/etc\/pgbouncer\/users\.txt$/m);
        assert.match(pgbouncerIni(db, true), /^airflow-result-backend = host=db\.internal/m);
    });

    it("connection URLs and users.txt escape what a password may hold", () => {
        assert.strictEqual(pgbouncerUrl("airflow", "p@ss/w:rd", "airflow-metadata"), "postgresql://airflow:p%40ss%2Fw%3Ard@airflow-pgbouncer:6543/airflow-metadata?sslmode=disable");
        assert.strictEqual(pgbouncerUrl("airflow", "x", "airflow-result-backend", "db+postgresql").split("://")[0], "db+postgresql");
        assert.strictEqual(pgbouncerUsers("airflow", 'a"b'), '"airflow" "a""b"\n');
    });
});

describe("what DAGs get from the platform (platform-env.ts)", () => {
    const endpoints = { lakeUrl: "s3://lake", bootstrapServers: "b-1:9098", topics: ["raw-events"], deadLetterTopics: { "raw-events": "raw-events.dlq" }, kafkaClientProperties: { "security.protocol": "SASL_SSL" } };
    const resolve = (v: pulumi.Input<string>) => new Promise<string>((r) => pulumi.output(v).apply(r));

    it("the lake, the streams and the environment as variables, Kafka as a connection; no feature store until the platform has one", async () => {
        const env = platformEnvironment({ environment: "prod", region: "us-east-1" }, endpoints);
        const byName = Object.fromEntries(await Promise.all(env.map(async (e) => [e.name, await resolve(e.value)])));
        assert.deepStrictEqual(Object.keys(byName).sort(), ["AIRFLOW_CONN_PLATFORM_KAFKA", "AIRFLOW_VAR_LAKE_URL", "AIRFLOW_VAR_PLATFORM_ENVIRONMENT", "AIRFLOW_VAR_PLATFORM_REGION", "AIRFLOW_VAR_STREAM_BOOTSTRAP_SERVERS", "AIRFLOW_VAR_STREAM_TOPICS"]);
        assert.strictEqual(byName.AIRFLOW_VAR_PLATFORM_REGION, "us-east-1");
        assert.deepStrictEqual(JSON.parse(byName.AIRFLOW_CONN_PLATFORM_KAFKA as string), { conn_type: "kafka", extra: { "security.protocol": "SASL_SSL", "bootstrap.servers": "b-1:9098" } });
        assert.deepStrictEqual(JSON.parse(byName.AIRFLOW_VAR_STREAM_TOPICS as string), { topics: ["raw-events"], deadLetterTopics: { "raw-events": "raw-events.dlq" } });
    });

    it("the feature store, when given, as variables (with its auth mode, credential reference and cluster mode) and a TLS connection", async () => {
        const featureStore = {
            host: pulumi.output("redis.internal"),
            port: pulumi.output(6380),
            auth: "entra" as const,
            credential: pulumi.output("Microsoft Entra ID: a token for https://redis.azure.com/.default"),
            clusterMode: false,
            grant: { description: "read-write on the feature store", attach: () => [] },
        };
        const env = platformEnvironment({ environment: "dev", region: "westeurope" }, { ...endpoints, featureStore });
        const byName = Object.fromEntries(await Promise.all(env.map(async (e) => [e.name, await resolve(e.value)])));
        assert.deepStrictEqual(
            [byName.AIRFLOW_VAR_FEATURE_STORE_HOST, byName.AIRFLOW_VAR_FEATURE_STORE_PORT, byName.AIRFLOW_VAR_FEATURE_STORE_AUTH, byName.AIRFLOW_VAR_FEATURE_STORE_CREDENTIAL, byName.AIRFLOW_VAR_FEATURE_STORE_CLUSTER_MODE],
            ["redis.internal", "6380", "entra", "Microsoft Entra ID: a token for https://redis.azure.com/.default", "false"],
        );
        assert.deepStrictEqual(JSON.parse(byName.AIRFLOW_CONN_FEATURE_STORE as string), { conn_type: "redis", host: "redis.internal", port: 6380, extra: { ssl: true } }, "no password in the connection");
        assert.ok(!("AIRFLOW_VAR_FEATURE_STORE_CA_CERTS" in byName), "no CA variable where the system trust store verifies the server");
        const withCa = platformEnvironment({ environment: "dev", region: "us-central1" }, { ...endpoints, featureStore: { ...featureStore, caCertificates: pulumi.output("-----BEGIN CERTIFICATE-----") } });
        const ca = withCa.find((e) => e.name === "AIRFLOW_VAR_FEATURE_STORE_CA_CERTS");
        assert.strictEqual(ca && (await resolve(ca.value)), "-----BEGIN CERTIFICATE-----");
        const sharded = platformEnvironment({ environment: "prod", region: "us-central1" }, { ...endpoints, featureStore: { ...featureStore, clusterMode: true } });
        assert.strictEqual(sharded.find((e) => e.name === "AIRFLOW_VAR_FEATURE_STORE_CLUSTER_MODE")?.value, "true", "a sharded store: the DAG opens a cluster client");
    });
});
