import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ClusterRef } from "../kubernetes/contract";
import { PlatformContext } from "../shared/context";
import { AccessGrant, LakeAccess } from "../shared/grants";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { chartValues, embeddedPostgresHost, gitConnectionSecret, isCelery, pgbouncer, pgbouncerIni, pgbouncerUrl, pgbouncerUsers, secretNames } from "./chart-values";
import {
    AirflowImplementation,
    airflowNamespace,
    AirflowOutputs,
    AirflowSettings,
    apiServerPort,
    apiServerService,
    chartName,
    chartRepository,
    DatabaseArgs,
    DatabaseRecoveryPoint,
    LakeRef,
    MetadataDatabase,
    PlatformEndpoints,
    releaseName,
} from "./contract";
import { connectionEnv, platformEnvironment } from "./platform-env";

export * from "./contract";

/** What Airflow needs from the cluster: its Kubernetes provider and workload identities. */
export type AirflowCluster = Pick<ClusterRef, "provider" | "workloadIdentity">;

export interface AirflowArgs {
    readonly ctx: PlatformContext;
    readonly settings: AirflowSettings;
    /** backup.retentionDays. */
    readonly retentionDays: number;
    /** The chosen cloud's database and log connection (from components/clouds). */
    readonly implementation: AirflowImplementation;
    readonly providers: DatabaseArgs["providers"];
    readonly keys: DatabaseArgs["keys"];
    readonly network: DatabaseArgs["network"];
    readonly cluster: AirflowCluster;
    /** Task logs go under the lake; workers write them, the API server reads them. */
    readonly lake: LakeRef & { grant(access: LakeAccess): AccessGrant };
    /** What DAGs reach as Airflow variables and connections. */
    readonly platform: PlatformEndpoints;
}

/** The dev database: the chart's embedded PostgreSQL, a pod with no backups that goes with the cluster. */
export const embeddedRecoveryPoint: DatabaseRecoveryPoint = {
    pointInTimeDays: 0,
    mechanism: "none: the chart's embedded PostgreSQL (dev) keeps no backups",
    measuredBy: "not applicable",
};

/**
 * Apache Airflow 3 from the official chart, in its own namespace on the system pool: API server,
 * scheduler, DAG processor and triggerer (replicated with PodDisruptionBudgets where the profile
 * says so), PgBouncer in front of the metadata database (managed PostgreSQL where the profile
 * says so, else the chart's embedded one), task logs in the lake through workload identity, DAGs
 * from the configured repository as an Airflow 3 DAG bundle, and the platform's endpoints as
 * Airflow variables and connections.
 */
export class Airflow extends pulumi.ComponentResource implements AirflowOutputs {
    readonly url: pulumi.Output<string>;
    readonly namespace: string;
    readonly logsUrl: pulumi.Output<string>;
    readonly databaseHost: pulumi.Output<string>;
    readonly databaseRecoveryPoint: DatabaseRecoveryPoint;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: AirflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:orchestration:Airflow", name, {}, opts);
        const { ctx, settings, implementation: impl, cluster } = args;
        const k8sInfra = (extra: ExtraOptions = {}) => infraOptions(this, cluster.provider, ctx, extra);
        // Generated once and kept in the state (encrypted): stable across updates. The fernet key
        // decrypts the connections and variables Airflow stores, so it must outlive any replacement.
        const secretOpts = dataOptions(this, undefined, ctx);

        const namespace = new k8s.core.v1.Namespace(
            name,
            { metadata: { name: airflowNamespace, labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "ai-data-platform" } } },
            k8sInfra(),
        );
        const password = new random.RandomPassword(`${name}-database`, { length: 32, special: false }, secretOpts).result;
        const fernetKey = new random.RandomBytes(`${name}-fernet`, { length: 32 }, secretOpts).base64.apply((b) => b.replace(/\+/g, "-").replace(/\//g, "_"));
        const apiSecretKey = new random.RandomPassword(`${name}-api-secret-key`, { length: 48, special: false }, secretOpts).result;
        const jwtSecret = new random.RandomPassword(`${name}-jwt-secret`, { length: 64, special: false }, secretOpts).result;

        const db: MetadataDatabase = ctx.profile.managedDatabases
            ? impl.managedDatabase(this, `${name}-database`, {
                  ctx,
                  settings: settings.database,
                  retentionDays: args.retentionDays,
                  providers: args.providers,
                  keys: args.keys,
                  network: args.network,
                  password,
              })
            : {
                  host: pulumi.output(`${embeddedPostgresHost}.${airflowNamespace}.svc.cluster.local`),
                  port: 5432,
                  name: "postgres",
                  user: "postgres",
                  password,
                  sslmode: "disable",
                  recoveryPoint: embeddedRecoveryPoint,
                  ready: [],
              };

        const logging = impl.remoteLogging(args.lake, ctx);
        const identity = (role: string, grants: AccessGrant[]) =>
            cluster.workloadIdentity(`${name}-${role}`, { namespace: airflowNamespace, serviceAccount: `${releaseName}-${role}`, grants, dependsOn: [namespace] });
        // Schedulers, DAG processors, triggerers and task pods write task logs; the API server only reads them.
        // Task pods also run the DAGs, so the worker identity is the one the feature store lets in.
        const featureStore = args.platform.featureStore;
        const worker = identity("worker", [args.lake.grant("read-write"), ...(featureStore ? [featureStore.grant] : [])]);
        const apiServer = identity("api-server", [args.lake.grant("read")]);

        const celery = isCelery(settings);
        const secret = (key: string, secretName: string, data: Record<string, pulumi.Input<string>>) =>
            new k8s.core.v1.Secret(key, { metadata: { name: secretName, namespace: airflowNamespace }, type: "Opaque", stringData: data }, k8sInfra({ dependsOn: [namespace] }));
        const secrets = [
            secret(`${name}-metadata`, secretNames.metadata, { connection: pulumi.secret(pulumi.all([db.user, password]).apply(([u, p]) => pgbouncerUrl(u, p, pgbouncer.metadataDb))) }),
            secret(`${name}-result-backend`, secretNames.resultBackend, {
                connection: pulumi.secret(pulumi.all([db.user, password]).apply(([u, p]) => pgbouncerUrl(u, p, celery ? pgbouncer.resultBackendDb : pgbouncer.metadataDb, "db+postgresql"))),
            }),
            secret(`${name}-pgbouncer-config`, secretNames.pgbouncerConfig, {
                "pgbouncer.ini": pulumi.all([db.host]).apply(([host]) => pgbouncerIni({ host, port: db.port, name: db.name, user: db.user, sslmode: db.sslmode }, celery)),
                "users.txt": pulumi.secret(password.apply((p) => pgbouncerUsers(db.user, p))),
            }),
            secret(`${name}-pgbouncer-stats`, secretNames.pgbouncerStats, {
                connection: pulumi.secret(password.apply((p) => pgbouncerUrl(db.user, p, "pgbouncer", "postgresql", "127.0.0.1"))),
            }),
            secret(`${name}-fernet-key`, secretNames.fernetKey, { "fernet-key": pulumi.secret(fernetKey) }),
            secret(`${name}-api-secret-key`, secretNames.apiSecretKey, { "api-secret-key": apiSecretKey }),
            secret(`${name}-jwt-secret`, secretNames.jwtSecret, { "jwt-secret": jwtSecret }),
            ...(ctx.profile.managedDatabases ? [] : [secret(`${name}-embedded-postgres`, secretNames.embeddedPostgres, { "postgres-password": password })]),
            ...(gitConnectionSecret(settings.dags).includes(secretNames.gitConnection)
                ? [secret(`${name}-git-connection`, secretNames.gitConnection, { connection: JSON.stringify({ conn_type: "git", host: settings.dags.repo }) })]
                : []),
            ...(celery ? celerySecrets(name, secret, secretOpts) : []),
        ];

        const values = chartValues({
            settings,
            replicas: ctx.profile.serviceReplicas,
            embeddedDatabase: !ctx.profile.managedDatabases,
            systemNodeSelector: impl.systemNodeSelector,
            serviceAccounts: { worker: worker.serviceAccountName, apiServer: apiServer.serviceAccountName },
            identityPodLabels: worker.podLabels,
            logging: { baseFolder: logging.baseFolder, connectionId: logging.connectionId, extraConfig: logging.extraConfig },
            env: [...platformEnvironment(ctx, args.platform), { name: connectionEnv(logging.connectionId), value: logging.connection }],
        });
        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: releaseName,
                chart: chartName,
                version: settings.chartVersion,
                repositoryOpts: { repo: chartRepository },
                namespace: airflowNamespace,
                values,
                // The database migration job is a Helm hook: the release waits for it, then for the pods.
                waitForJobs: true,
                timeout: 1800,
                // A failed upgrade is rolled back rather than left half-applied; history kept short.
                atomic: true,
                cleanupOnFail: true,
                maxHistory: 10,
            },
            k8sInfra({ dependsOn: [namespace, ...secrets, ...db.ready], customTimeouts: { create: "40m", update: "40m" } }),
        );

        this.namespace = airflowNamespace;
        this.url = pulumi.output(`http://${apiServerService}.${airflowNamespace}.svc.cluster.local:${apiServerPort}`);
        this.logsUrl = logging.url;
        this.databaseHost = db.host;
        this.databaseRecoveryPoint = db.recoveryPoint;
        this.registerOutputs({ url: this.url, namespace: this.namespace, logsUrl: this.logsUrl, databaseHost: this.databaseHost, databaseRecoveryPoint: this.databaseRecoveryPoint });
    }
}

type SecretMaker = (key: string, secretName: string, data: Record<string, pulumi.Input<string>>) => k8s.core.v1.Secret;

/** Celery's broker (the chart's Redis) with a generated password. */
function celerySecrets(name: string, secret: SecretMaker, opts: pulumi.CustomResourceOptions): k8s.core.v1.Secret[] {
    const password = new random.RandomPassword(`${name}-redis`, { length: 32, special: false }, opts).result;
    return [
        secret(`${name}-redis-password`, secretNames.redisPassword, { password }),
        secret(`${name}-broker-url`, secretNames.brokerUrl, { connection: pulumi.secret(pulumi.interpolate`redis://:${password}@${releaseName}-redis:6379/0`) }),
    ];
}
