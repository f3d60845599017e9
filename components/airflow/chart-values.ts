import type * as pulumi from "@pulumi/pulumi";
import { airflowVersion, apiServerPort, AirflowSettings, DagSource, releaseName } from "./contract";
import { connectionEnv } from "./platform-env";

// The official chart's values, the same on every cloud: what differs per cloud (the database host,
// the log folder and its connection, the system pool's label) comes in as data. Pure: no resources,
// so the values that matter are tested directly. Keys are those of chart 1.22 for Airflow 3
// (docs/airflow.md lists their sources).

type In = pulumi.Input<string>;

/** Names of the Kubernetes Secrets the platform creates in the airflow namespace. */
export const secretNames = {
    /** Key `connection`: the metadata database, through PgBouncer. */
    metadata: `${releaseName}-metadata`,
    /** Key `connection`: Celery's result backend, the same database through PgBouncer. */
    resultBackend: `${releaseName}-result-backend`,
    /** Keys `pgbouncer.ini`, `users.txt`. */
    pgbouncerConfig: `${releaseName}-pgbouncer-config`,
    /** Key `connection`: the metrics exporter's login to PgBouncer's admin console. */
    pgbouncerStats: `${releaseName}-pgbouncer-stats`,
    /** Key `fernet-key`. */
    fernetKey: `${releaseName}-fernet-key`,
    /** Key `api-secret-key`. */
    apiSecretKey: `${releaseName}-api-secret-key`,
    /** Key `jwt-secret`. */
    jwtSecret: `${releaseName}-jwt-secret`,
    /** Key `postgres-password`: the embedded PostgreSQL's (dev). */
    embeddedPostgres: `${releaseName}-embedded-postgres`,
    /** Key `password`: Celery's broker (Redis). */
    redisPassword: `${releaseName}-redis-password`,
    /** Key `connection`: Celery's broker URL. */
    brokerUrl: `${releaseName}-broker-url`,
    /** Key `connection`: the git connection DAG bundles clone with (public repository: none needed). */
    gitConnection: `${releaseName}-git-connection`,
} as const;

/** PgBouncer's in-cluster address (the chart's `<release>-pgbouncer` Service) and its logical databases. */
export const pgbouncer = { host: `${releaseName}-pgbouncer`, port: 6543, metadataDb: "airflow-metadata", resultBackendDb: "airflow-result-backend" } as const;

/** The embedded PostgreSQL's Service (dev). */
export const embeddedPostgresHost = `${releaseName}-postgresql`;

/** The connection id DAG bundles clone the repository with (AIRFLOW_CONN_GIT_DAGS). */
export const gitConnectionId = "git_dags";

/** Retries a task gets when its DAG does not say, and the first wait between them (Airflow's [core] settings). */
export const retryDelaySeconds = 60;

/** CPU and memory requests per component; memory is also the limit (no CPU limit: throttling a scheduler hurts more than sharing). */
export const componentResources = {
    apiServer: { cpu: "500m", memory: "1Gi" },
    scheduler: { cpu: "500m", memory: "1Gi" },
    dagProcessor: { cpu: "250m", memory: "1Gi" },
    triggerer: { cpu: "250m", memory: "512Mi" },
    workers: { cpu: "500m", memory: "1Gi" },
    pgbouncer: { cpu: "100m", memory: "128Mi" },
    pgbouncerExporter: { cpu: "50m", memory: "64Mi" },
    statsd: { cpu: "50m", memory: "64Mi" },
    redis: { cpu: "100m", memory: "256Mi" },
    migrateDatabaseJob: { cpu: "250m", memory: "512Mi" },
    createUserJob: { cpu: "250m", memory: "512Mi" },
    logGroomer: { cpu: "20m", memory: "64Mi" },
    embeddedPostgres: { cpu: "250m", memory: "512Mi" },
} as const;

function resources(r: { cpu: string; memory: string }) {
    return { requests: { cpu: r.cpu, memory: r.memory }, limits: { memory: r.memory } };
}

export interface ChartInputs {
    readonly settings: AirflowSettings;
    /** Replicas of the API server, scheduler, DAG processor, triggerer and PgBouncer; PDBs when more than one. */
    readonly replicas: number;
    /** Dev: the chart's own PostgreSQL; else a managed database reached through PgBouncer. */
    readonly embeddedDatabase: boolean;
    /** Labels of the system pool's nodes. */
    readonly systemNodeSelector: Readonly<Record<string, string>>;
    /** Service accounts (created with their workload identity): writers of logs, and the API server that reads them. */
    readonly serviceAccounts: { readonly worker: In; readonly apiServer: In };
    /** Labels pods of those accounts must carry (Azure Workload Identity's). */
    readonly identityPodLabels: Readonly<Record<string, string>>;
    readonly logging: { readonly baseFolder: In; readonly connectionId: string; readonly extraConfig: Readonly<Record<string, Readonly<Record<string, string>>>> };
    /** Plain environment of every Airflow container (AIRFLOW_VAR_*, AIRFLOW_CONN_* without secrets). */
    readonly env: readonly { readonly name: string; readonly value: In }[];
}

export const isCelery = (s: Pick<AirflowSettings, "executor">) => s.executor.startsWith("CeleryExecutor");

/**
 * The Secret whose `connection` key becomes AIRFLOW_CONN_GIT_DAGS: the user's for a private repository,
 * else the platform's plain one for a public repository; none for a bundle of the user's own without one.
 */
export function gitConnectionSecret(dags: DagSource): string[] {
    if (dags.credentialsSecret) {
        return [dags.credentialsSecret];
    }
    return dags.bundle ? [] : [secretNames.gitConnection];
}

/** The DAG bundles (`dagProcessor.dagBundleConfigList`): the repository as a GitDagBundle, or the user's own bundle. */
export function dagBundles(dags: DagSource): object[] {
    if (dags.bundle) {
        return [{ ...dags.bundle }];
    }
    return [
        {
            name: "dags",
            classpath: "airflow.providers.git.bundles.git.GitDagBundle",
            kwargs: { repo_url: dags.repo, tracking_ref: dags.branch, subdir: dags.subPath, git_conn_id: gitConnectionId, refresh_interval: 60 },
        },
    ];
}

/** The chart's values. */
export function chartValues(i: ChartInputs): Record<string, unknown> {
    const s = i.settings;
    const celery = isCelery(s);
    const ha = i.replicas > 1;
    const onSystemPool = { nodeSelector: { ...i.systemNodeSelector } };
    const pdb = { enabled: ha, config: { maxUnavailable: 1 } };
    const account = (name: In) => ({ create: false, name });
    const groomer = { logGroomerSidecar: { resources: resources(componentResources.logGroomer) } };
    const writer = { serviceAccount: account(i.serviceAccounts.worker), labels: { ...i.identityPodLabels } };
    return {
        airflowVersion,
        defaultAirflowTag: airflowVersion,
        executor: s.executor,
        // Celery's workers keep the legacy service-account key: chart 1.22 binds RBAC to it (apache/airflow#67261).
        workers: {
            resources: resources(componentResources.workers),
            ...groomer,
            labels: { ...i.identityPodLabels },
            serviceAccount: account(i.serviceAccounts.worker),
            kubernetes: { serviceAccount: account(i.serviceAccounts.worker) },
            // Affinity, not a node selector: a task that asks for a GPU replaces the affinity in its pod
            // override (with the GPU pool's toleration), where a node selector would be merged with its own.
            affinity: systemPoolAffinity(i.systemNodeSelector),
        },
        apiServer: {
            replicas: i.replicas,
            resources: resources(componentResources.apiServer),
            podDisruptionBudget: pdb,
            serviceAccount: account(i.serviceAccounts.apiServer),
            labels: { ...i.identityPodLabels },
            service: { type: "ClusterIP", ports: [{ name: "api-server", port: apiServerPort }] },
            ...onSystemPool,
        },
        scheduler: { replicas: i.replicas, resources: resources(componentResources.scheduler), podDisruptionBudget: pdb, ...writer, ...groomer, ...onSystemPool },
        dagProcessor: {
            enabled: true,
            replicas: i.replicas,
            resources: resources(componentResources.dagProcessor),
            podDisruptionBudget: pdb,
            // The chart renders `[dag_processor] dag_bundle_config_list` from this list (replacing its LocalDagBundle default).
            dagBundleConfigList: dagBundles(s.dags),
            ...writer,
            ...groomer,
            ...onSystemPool,
        },
        triggerer: { enabled: true, replicas: i.replicas, resources: resources(componentResources.triggerer), podDisruptionBudget: pdb, ...writer, ...groomer, ...onSystemPool },
        // The first admin is created by hand (docs/airflow.md), never the chart's admin/admin: its key is
        // createUserJob.defaultUser since chart 1.19, webserver.defaultUser before (still read for Airflow 2).
        webserver: { defaultUser: { enabled: false } },
        createUserJob: { defaultUser: { enabled: false }, resources: resources(componentResources.createUserJob), ...onSystemPool },
        // Migrations run as a Helm hook of the release, before the new version starts.
        migrateDatabaseJob: { enabled: true, useHelmHooks: true, resources: resources(componentResources.migrateDatabaseJob), ...onSystemPool },
        statsd: { resources: resources(componentResources.statsd), ...onSystemPool },
        redis: celery
            ? { enabled: true, passwordSecretName: secretNames.redisPassword, resources: resources(componentResources.redis), ...onSystemPool }
            : { enabled: false },
        postgresql: i.embeddedDatabase
            ? {
                  enabled: true,
                  auth: { existingSecret: secretNames.embeddedPostgres },
                  primary: { resources: resources(componentResources.embeddedPostgres), ...onSystemPool },
              }
            : { enabled: false },
        pgbouncer: {
            enabled: true,
            replicas: i.replicas,
            configSecretName: secretNames.pgbouncerConfig,
            metricsExporterSidecar: { statsSecretName: secretNames.pgbouncerStats, resources: resources(componentResources.pgbouncerExporter) },
            resources: resources(componentResources.pgbouncer),
            podDisruptionBudget: pdb,
            ...onSystemPool,
        },
        data: {
            metadataSecretName: secretNames.metadata,
            resultBackendSecretName: secretNames.resultBackend,
            ...(celery ? { brokerUrlSecretName: secretNames.brokerUrl } : {}),
        },
        fernetKeySecretName: secretNames.fernetKey,
        apiSecretKeySecretName: secretNames.apiSecretKey,
        jwtSecretName: secretNames.jwtSecret,
        env: i.env.map((e) => ({ name: e.name, value: e.value })),
        secret: gitConnectionSecret(s.dags).map((secretName) => ({ envName: connectionEnv(gitConnectionId), secretName, secretKey: "connection" })),
        config: {
            ...i.logging.extraConfig,
            core: {
                default_task_retries: String(s.defaultTaskRetries),
                default_task_retry_delay: String(retryDelaySeconds),
                load_examples: "False",
            },
            logging: {
                remote_logging: "True",
                remote_base_log_folder: i.logging.baseFolder,
                remote_log_conn_id: i.logging.connectionId,
                delete_local_logs: "True",
            },
        },
    };
}

/** Required node affinity to the system pool's labels. */
export function systemPoolAffinity(selector: Readonly<Record<string, string>>) {
    return {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: Object.entries(selector).map(([key, value]) => ({ key, operator: "In", values: [value] })) }],
            },
        },
    };
}

/** pgbouncer.ini for the chart's PgBouncer (the chart writes it itself only when it knows the password). */
export function pgbouncerIni(db: { host: string; port: number; name: string; user: string; sslmode: string }, celery: boolean): string {
    const database = (alias: string, pool: number) => `${alias} = host=${db.host} dbname=${db.name} port=${db.port} pool_size=${pool}`;
    return [
        "[databases]",
        database(pgbouncer.metadataDb, 10),
        ...(celery ? [database(pgbouncer.resultBackendDb, 5)] : []),
        "",
        "[pgbouncer]",
        "pool_mode = transaction",
        `listen_port = ${pgbouncer.port}`,
        "listen_addr = *",
        "auth_type = scram-sha-256",
        "auth_file = /etc/pgbouncer/users.txt",
        `stats_users = ${db.user}`,
        "ignore_startup_parameters = extra_float_digits",
        "max_client_conn = 100",
        "verbose = 0",
        "log_disconnections = 0",
        "log_connections = 0",
        `server_tls_sslmode = ${db.sslmode}`,
        "server_tls_ciphers = normal",
        "",
    ].join("\n");
}

/** users.txt: the one login PgBouncer passes through. */
export function pgbouncerUsers(user: string, password: string): string {
    return `"${user}" "${password.replace(/"/g, '""')}"\n`;
}

/**
 * A libpq URL to PgBouncer's logical database `db` (inside the cluster: no TLS to PgBouncer), at its
 * Service unless `host` says otherwise (`127.0.0.1`: from PgBouncer's own pod).
 */
export function pgbouncerUrl(user: string, password: string, db: string, scheme = "postgresql", host: string = pgbouncer.host): string {
    return `${scheme}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${pgbouncer.port}/${db}?sslmode=disable`;
}
