import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { Cloud, Environment } from "../../components/shared/context";
import { PlanResult } from "../../tools/offline/plan";
import { RecordedResource } from "../../tools/offline/types";
import { featureStoreComponent } from "./retention";
import { assertCleanPlan, one, ofType, planFor, stackConfig } from "./stack";

// What every cloud's Airflow must show in its offline plan: the chart values that matter and the
// outputs. Each cloud's test adds its own database and log identity.

export const airflowRepo = "https://github.com/acme/pipelines.git";

const T = {
    release: "kubernetes:helm.sh/v3:Release",
    secret: "kubernetes:core/v1:Secret",
    namespace: "kubernetes:core/v1:Namespace",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
};

export function airflowPlan(cloud: Cloud, environment: Environment, section: Record<string, unknown> = {}): Promise<PlanResult> {
    const { dags, ...rest } = section as { dags?: Record<string, unknown> };
    return planFor(stackConfig(cloud, environment, { "ai-data-platform:airflow": { dags: { repo: airflowRepo, ...dags }, ...rest } }), { stack: environment });
}

const release = (r: PlanResult) => one(r, T.release, "airflow");
export const values = (r: PlanResult) => release(r).inputs.values as Record<string, any>;
export const secretNamed = (r: PlanResult, name: string): RecordedResource => {
    const found = ofType(r, T.secret).filter((s) => (s.inputs.metadata as { name?: string })?.name === name);
    assert.strictEqual(found.length, 1, `one Secret ${name}`);
    return found[0];
};
/** Whether a Secret's data is a Pulumi secret (its contents are unknown in a preview: generated passwords). */
export function isPulumiSecret(s: RecordedResource): boolean {
    const data = s.wireInputs.stringData;
    return !!data && typeof data === "object" && pulumi.runtime.specialSigKey in data;
}
const components = ["apiServer", "scheduler", "dagProcessor", "triggerer", "workers", "pgbouncer", "statsd", "migrateDatabaseJob", "createUserJob"];

/** The chart values and outputs every cloud shares, for a prod plan with default settings. */
export function assertProdAirflow(r: PlanResult, cloud: Cloud, logs: { folder: RegExp; connectionId: string }): void {
    assertCleanPlan(r, cloud, "prod");
    const rel = release(r);
    assert.deepStrictEqual([rel.inputs.chart, rel.inputs.version, (rel.inputs.repositoryOpts as { repo: string }).repo, rel.inputs.namespace], ["airflow", "1.22.0", "https://airflow.apache.org", "airflow"]);
    const v = values(r);
    assert.strictEqual(v.executor, "KubernetesExecutor");
    // The managed database, through the platform's Secret; never the embedded one.
    assert.strictEqual(v.postgresql.enabled, false);
    assert.strictEqual(v.data.metadataSecretName, "airflow-metadata");
    assert.strictEqual(v.pgbouncer.enabled, true);
    const metadata = secretNamed(r, "airflow-metadata");
    assert.ok(isPulumiSecret(metadata), "the connection is a Pulumi secret");
    for (const [key, name] of [["fernetKeySecretName", "airflow-fernet-key"], ["apiSecretKeySecretName", "airflow-api-secret-key"], ["jwtSecretName", "airflow-jwt-secret"]]) {
        assert.strictEqual(v[key], name);
        assert.ok(isPulumiSecret(secretNamed(r, name)), `${name} is a Pulumi secret`);
    }
    // Remote logging into the lake, through a connection defined by environment.
    assert.strictEqual(v.config.logging.remote_logging, "True");
    assert.match(v.config.logging.remote_base_log_folder, logs.folder);
    assert.strictEqual(v.config.logging.remote_log_conn_id, logs.connectionId);
    const connEnv = airflowEnv(r)[`AIRFLOW_CONN_${logs.connectionId.toUpperCase()}`];
    assert.ok(connEnv, "the log connection comes from the environment");
    assert.doesNotMatch(connEnv, /secret|password|key/i, "and carries no key");
    // Replicas and PodDisruptionBudgets.
    for (const c of ["apiServer", "scheduler"]) {
        assert.ok(v[c].replicas >= 2, `${c} replicas`);
        assert.deepStrictEqual(v[c].podDisruptionBudget, { enabled: true, config: { maxUnavailable: 1 } });
    }
    assert.strictEqual(v.config.core.default_task_retries, "3");
    for (const c of components) {
        assert.ok(v[c].resources.requests.cpu && v[c].resources.requests.memory, `${c} requests CPU and memory`);
    }
    // Workload identities: service accounts in the airflow namespace, created after it.
    const ns = one(r, T.namespace, "airflow");
    for (const name of ["airflow-worker", "airflow-api-server"]) {
        const sa = one(r, T.serviceAccount, name);
        assert.strictEqual((sa.inputs.metadata as { namespace: string }).namespace, "airflow");
        assert.ok(sa.dependencies.includes(ns.urn), `${name} waits for the namespace`);
    }
    assert.strictEqual(v.scheduler.serviceAccount.name, "airflow-worker");
    assert.strictEqual(v.workers.kubernetes.serviceAccount.name, "airflow-worker");
    assert.strictEqual(v.apiServer.serviceAccount.name, "airflow-api-server");
    // Outputs.
    assert.strictEqual(r.outputs.airflowUrl, "http://airflow-api-server.airflow.svc.cluster.local:8080");
    assert.strictEqual(r.outputs.airflowNamespace, "airflow");
    assert.ok(r.outputs.airflowLogsUrl && r.outputs.airflowDatabaseHost, "logs URL and database host");
    const rp = r.outputs.airflowDatabaseRecoveryPoint as { pointInTimeDays: number; copyRegion: string };
    assert.ok(rp.pointInTimeDays >= 7);
    assert.strictEqual(rp.copyRegion, r.outputs.backupRegion);
}

/** No GPU node for Airflow unless a task asks: no toleration anywhere, the system pool chosen. */
export function assertOnSystemPool(r: PlanResult, selector: Record<string, string>): void {
    const v = values(r);
    assert.doesNotMatch(JSON.stringify(v), /tolerations/);
    for (const c of ["apiServer", "scheduler", "dagProcessor", "triggerer", "pgbouncer"]) {
        assert.deepStrictEqual(v[c].nodeSelector, selector, c);
    }
    const [[key, value]] = Object.entries(selector);
    assert.deepStrictEqual(v.workers.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [{ matchExpressions: [{ key, operator: "In", values: [value] }] }]);
}

/** The Airflow release's environment (AIRFLOW_VAR_* / AIRFLOW_CONN_*), by name. */
export function airflowEnv(r: PlanResult): Record<string, string> {
    return Object.fromEntries((values(r).env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
}

const featureStoreUrn = `$${featureStoreComponent}$`;

/**
 * The resources that give one Airflow identity (`airflow-worker`, `airflow-api-server`: the cloud
 * identity of that name) access to the feature store: they take the identity in one property and a
 * resource of the feature store in another.
 */
function featureStoreGrantsOf(r: PlanResult, identity: string): { resource: RecordedResource; identityProperty: string; storeProperty: string }[] {
    const identityUrns = new Set(r.resources.filter((x) => x.name === identity && !x.type.startsWith("kubernetes:")).map((x) => x.urn));
    assert.ok(identityUrns.size > 0, `a cloud identity named ${identity}`);
    return r.resources.flatMap((resource) => {
        const deps = Object.entries(resource.propertyDependencies);
        const identityProperty = deps.find(([, urns]) => urns.some((u) => identityUrns.has(u)))?.[0];
        const storeProperty = deps.find(([, urns]) => urns.some((u) => u.includes(featureStoreUrn)))?.[0];
        return identityProperty && storeProperty ? [{ resource, identityProperty, storeProperty }] : [];
    });
}

/** What every cloud's example plan shows of DAGs and the feature store: the mode and credential reach the DAGs, the worker alone holds the grant. */
export function assertDagsReachFeatureStore(r: PlanResult, auth: "token" | "iam" | "entra", credential: RegExp): ReturnType<typeof featureStoreGrantsOf> {
    const env = airflowEnv(r);
    assert.strictEqual(env.AIRFLOW_VAR_FEATURE_STORE_AUTH, auth);
    assert.match(env.AIRFLOW_VAR_FEATURE_STORE_CREDENTIAL, credential);
    assert.strictEqual(env.AIRFLOW_VAR_PLATFORM_REGION, r.outputs.region, "the platform region, for SDKs that need one");
    for (const [name, value] of Object.entries(env).filter(([n]) => n.includes("FEATURE_STORE"))) {
        assert.doesNotMatch(value, /"password"|from-secrets|ya29\.|eyJ/, `${name} carries no secret`);
    }
    assert.deepStrictEqual(featureStoreGrantsOf(r, "airflow-api-server"), [], "the API server runs no task: no access to the store");
    const grants = featureStoreGrantsOf(r, "airflow-worker");
    assert.ok(grants.length > 0, "the worker identity holds a grant on the feature store");
    return grants;
}
