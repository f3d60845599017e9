import * as pulumi from "@pulumi/pulumi";
import { airflowChart } from "../../policy/lib/platform-conventions";
import type { FeatureStoreOutputs } from "../feature-store/contract";
import type { RegionalKeys } from "../keys/contract";
import type { LakeOutputs } from "../lake/contract";
import type { NetworkHandle } from "../network/contract";
import type { RegionalProviders } from "../providers/contract";
import { PlatformContext } from "../shared/context";
import type { AccessGrant } from "../shared/grants";

// The Airflow capability's contract: settings, outputs, and what each cloud provides (the metadata
// database and the connection remote task logs are written through). Cloud files import this file
// only; index.ts holds the component.

export const executors = ["KubernetesExecutor", "CeleryExecutor", "CeleryExecutor,KubernetesExecutor"] as const;
export type Executor = (typeof executors)[number];

export const databaseTiers = ["small", "medium", "large"] as const;
export type DatabaseTier = (typeof databaseTiers)[number];

/** An Airflow 3 DAG bundle of the user's own (`[dag_processor] dag_bundle_config_list` entry). */
export interface DagBundle {
    readonly name: string;
    /** e.g. `airflow.providers.amazon.aws.bundles.s3.S3DagBundle`. */
    readonly classpath: string;
    readonly kwargs: Readonly<Record<string, unknown>>;
}

export interface DagSource {
    /** Git repository the DAGs are read from; absent only when `bundle` is given. */
    readonly repo?: string;
    readonly branch: string;
    /** Folder of the repository holding the DAGs ("" = its root). */
    readonly subPath: string;
    /** Kubernetes Secret in the airflow namespace with key `connection`: an Airflow git connection (JSON) for a private repo; "" = public. */
    readonly credentialsSecret: string;
    /** A DAG bundle of the user's own instead of the repository. */
    readonly bundle?: DagBundle;
}

export interface DatabaseSettings {
    readonly tier: DatabaseTier;
    /** A standby in another zone that takes over on its own. */
    readonly highAvailability: boolean;
}

/** `ai-data-platform:airflow`, as validated by stacks/config. */
export interface AirflowSettings {
    /** Version of the official chart (https://airflow.apache.org, chart `airflow`). */
    readonly chartVersion: string;
    readonly executor: Executor;
    readonly dags: DagSource;
    readonly database: DatabaseSettings;
    readonly defaultTaskRetries: number;
}

/** The chart's Helm repository and name. */
export const chartRepository = airflowChart.repository;
export const chartName = airflowChart.name;
export const defaultChartVersion = "1.22.0";

/**
 * Airflow itself, pinned rather than left to the chart's default (3.2.2 for chart 1.22.0): 3.3.x
 * carries the fixes for remote logging and env-defined connections seen in 3.2 (apache/airflow
 * #68366, #54679, #59247). The official image of this tag is used.
 */
export const airflowVersion = "3.3.2";

/** The namespace Airflow runs in, and the Helm release name (so the services are `airflow-*`). */
export const airflowNamespace = "airflow";
export const releaseName = "airflow";

/** Where task logs go under the lake (a prefix of the bucket, or of the lake container on Azure). */
export const logsPrefix = "airflow-logs";

/** The API server's in-cluster Service (the chart names it `<release>-api-server`) and port. */
export const apiServerService = `${releaseName}-api-server`;
export const apiServerPort = 8080;

/** The metadata database as the chart's connection and PgBouncer need it. */
/** The database and login Airflow uses on every cloud's managed PostgreSQL, reached over TLS (`sslmode` for PgBouncer). */
export const managedDatabaseLogin = { name: "airflow", user: "airflow", port: 5432, sslmode: "require" } as const;

export interface MetadataDatabase {
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly name: string;
    readonly user: string;
    /** Secret. */
    readonly password: pulumi.Output<string>;
    /** libpq sslmode between PgBouncer and the database. */
    readonly sslmode: "require" | "disable";
    /** How far back it can be restored, and from where. */
    readonly recoveryPoint: DatabaseRecoveryPoint;
    /** What the release must wait for (the instance, its grants). */
    readonly ready: readonly pulumi.Resource[];
}

/**
 * What a restore of the metadata database can reach: point-in-time recovery within `days` in the
 * primary region, and the copy that survives losing it. No figure the cloud does not state.
 */
export interface DatabaseRecoveryPoint {
    /** Days of point-in-time recovery; 0 = none (dev's embedded database). */
    readonly pointInTimeDays: number;
    /** Region where a restore is possible if the primary region is lost; absent = none. */
    readonly copyRegion?: string;
    /** The cloud feature that keeps the copy. */
    readonly mechanism: string;
    /** What tells how recent the newest restorable point is. */
    readonly measuredBy: string;
}

/** Remote task logs: where they go and the connection (by environment) Airflow writes them through. */
export interface RemoteLogging {
    /** `s3://bucket/airflow-logs`, `gs://bucket/airflow-logs`, `wasb-airflow-logs` (Azure: a blob prefix). */
    readonly baseFolder: pulumi.Output<string>;
    /** For people: where the logs can be browsed. */
    readonly url: pulumi.Output<string>;
    readonly connectionId: string;
    /** The connection as JSON (AIRFLOW_CONN_<ID>): no key, the pod's workload identity signs. */
    readonly connection: pulumi.Output<string>;
    /** Extra `config.<section>` entries (Azure's log container). */
    readonly extraConfig: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What the task logs need of the lake. */
export type LakeRef = Pick<LakeOutputs, "name" | "url" | "region">;

/** What a cloud's database needs from the rest of the platform. */
export interface DatabaseArgs {
    readonly ctx: PlatformContext;
    readonly settings: DatabaseSettings;
    /** backup.retentionDays: point-in-time recovery and the cross-region copy keep this long. */
    readonly retentionDays: number;
    readonly providers: RegionalProviders;
    /** The platform keys: the database's region and the backup region (for the copy). */
    readonly keys: RegionalKeys;
    /** The platform's network; the cloud file reads its own handle (and Azure a free block of the plan for its delegated subnet). */
    readonly network: { readonly handle: NetworkHandle; readonly plan: { readonly privateSubnets: readonly string[] } };
    /** Secret. */
    readonly password: pulumi.Output<string>;
}

/** What each cloud provides to the Airflow component. */
export interface AirflowImplementation {
    /** A managed PostgreSQL (prod): CMK, private, deletion-protected, PITR, cross-region copy. */
    managedDatabase(parent: pulumi.ComponentResource, name: string, args: DatabaseArgs): MetadataDatabase;
    /** Where the lake keeps task logs and the connection to them. */
    remoteLogging(lake: LakeRef, ctx: PlatformContext): RemoteLogging;
    /** Node labels of the cluster's system pool: Airflow runs there. */
    readonly systemNodeSelector: Readonly<Record<string, string>>;
}

/** What a DAG reads from the platform (AIRFLOW_VAR_* / AIRFLOW_CONN_*). */
export interface PlatformEndpoints {
    readonly lakeUrl: pulumi.Input<string>;
    readonly bootstrapServers: pulumi.Input<string>;
    readonly topics: readonly string[];
    readonly deadLetterTopics: Readonly<Record<string, string>>;
    readonly kafkaClientProperties: pulumi.Input<Record<string, string>>;
    readonly featureStore?: FeatureStoreEndpoint;
}

/**
 * The online feature store, when the platform has one: where it is and how a DAG authenticates to it
 * (the store's outputs of those names), with read-write on the store for the worker identity (task pods
 * run as it). `caCertificates`: PEM of the server CA where the store's certificate is from a private CA
 * (Memorystore for Valkey's managed server CA); absent where the system trust store verifies it.
 */
export interface FeatureStoreEndpoint
    extends Pick<FeatureStoreOutputs, "host" | "port" | "auth" | "credential" | "clusterMode">, Partial<Pick<FeatureStoreOutputs, "caCertificates">> {
    readonly grant: AccessGrant;
}

/** Airflow's outputs, the same on every cloud. */
export interface AirflowOutputs {
    /** In-cluster URL of the API server and UI; reach it with `kubectl port-forward`. */
    readonly url: pulumi.Output<string>;
    readonly namespace: string;
    readonly logsUrl: pulumi.Output<string>;
    readonly databaseHost: pulumi.Output<string>;
    readonly databaseRecoveryPoint: DatabaseRecoveryPoint;
}
