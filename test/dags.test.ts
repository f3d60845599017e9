import * as assert from "assert";
import { readdirSync } from "fs";
import * as path from "path";
import { platformVariables } from "../components/airflow/platform-env";
import { projectRoot } from "../tools/offline/project-root";
import { dagFile, DagAuthRequest, DagAuthRun, pythonEnv, runDagAuth } from "./support/dag-auth";
import { startProcess } from "./support/processes";

// The sample DAG (dags/feature_pipeline.py) compiles and has the shape the README promises: four
// steps in order, retries with exponential backoff, and only the platform's variable names; and it
// authenticates to the feature store the way each cloud's store requires. Airflow and the cloud SDKs
// are not installed here, so the DAG is compiled and its syntax tree read, never imported; the auth
// helpers run alone against stand-in modules (test/support/dag-auth.py).

const dagsDir = path.join(projectRoot, "dags");

// Compiles the DAG (py_compile, byte code to a temporary folder: pythonEnv), then prints its shape.
const compileAndInspect = `
import ast, json, py_compile, sys
py_compile.compile(sys.argv[1], doraise=True)
tree = ast.parse(open(sys.argv[1]).read())
consts = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) for t in n.targets if isinstance(t, ast.Name)}
default_args = next(n.value for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "default_args")
args = {k.value: ast.unparse(v) for k, v in zip(default_args.keys, default_args.values)}
dag = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and any(ast.unparse(d).startswith("dag(") for d in n.decorator_list))
dag_kwargs = {k.arg: ast.unparse(k.value) for d in dag.decorator_list if isinstance(d, ast.Call) for k in d.keywords}
tasks = [n.name for n in dag.body if isinstance(n, ast.FunctionDef) and any(ast.unparse(d) == "task" for d in n.decorator_list)]
operators = [ast.unparse(k.value) for n in ast.walk(dag) if isinstance(n, ast.Call) and ast.unparse(n.func) == "TriggerDagRunOperator" for k in n.keywords if k.arg == "task_id"]
flow = [ast.unparse(n) for n in dag.body if isinstance(n, (ast.Assign, ast.Expr))]
variables = sorted({ast.unparse(n.args[0]) for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "Variable.get"})
print(json.dumps({"consts": consts, "default_args": args, "dag": dag_kwargs, "tasks": tasks, "operators": operators, "flow": flow, "variables": variables}))
`;

// Two python3 processes for the whole file (a start costs about half a second of CPU), started while
// mocha loads it: one compiles and inspects the DAG, one runs every auth request of the tests below.
const inspected = startProcess(["-c", compileAndInspect, dagFile], { cwd: projectRoot, env: pythonEnv, command: "python3" });
const awsCredential = "AWS Secrets Manager: adp-prod/feature-store/read (read), adp-prod/feature-store/read-write (read-write); JSON {username, password}";
const authRequests = {
    token: { call: "feature_store_client", args: { host: "store.internal", port: 6379, auth: "token", credential: awsCredential, region: "us-east-1" } },
    iam: { call: "feature_store_client", args: { host: "10.0.0.5", port: 6379, auth: "iam", credential: "IAM: an OAuth access token", ca_certs: "-----BEGIN CERTIFICATE-----" } },
    entra: { call: "feature_store_client", args: { host: "adp.eastus2.redis.azure.net", port: 10000, auth: "entra", credential: "Microsoft Entra ID" } },
    tokenCluster: { call: "feature_store_client", args: { host: "clustercfg.store.internal", port: 6379, auth: "token", credential: awsCredential, region: "us-east-1", cluster_mode: true } },
    iamCluster: { call: "feature_store_client", args: { host: "10.0.0.9", port: 6379, auth: "iam", credential: "IAM: an OAuth access token", ca_certs: "-----BEGIN CERTIFICATE-----", cluster_mode: true } },
    unknownAuth: { call: "feature_store_client", args: { host: "h", port: 6379, auth: "password", credential: "" } },
    noWriter: { call: "writer_secret_id", args: { credential: "AWS Secrets Manager: adp-prod/feature-store/read (read)" } },
} satisfies Record<string, DagAuthRequest>;
type AuthCase = keyof typeof authRequests;
const authCases = Object.keys(authRequests) as AuthCase[];
const authRuns = runDagAuth(authCases.map((k) => authRequests[k])).then((runs) => Object.fromEntries(authCases.map((k, i) => [k, runs[i]])) as Record<AuthCase, DagAuthRun>);
// A failed process fails the tests that await it, not the load.
for (const started of [inspected, authRuns]) {
    started.catch(() => undefined);
}

describe("sample DAG dags/feature_pipeline.py", () => {
    it("compiles (py_compile)", async () => {
        const r = await inspected;
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(!readdirSync(dagsDir).includes("__pycache__"), "no byte code left in dags/");
    });

    describe("its shape", () => {
        let shape: {
            consts: Record<string, unknown>;
            default_args: Record<string, string>;
            dag: Record<string, string>;
            tasks: string[];
            operators: string[];
            flow: string[];
            variables: string[];
        };
        before(async () => {
            const r = await inspected;
            assert.strictEqual(r.status, 0, r.stderr);
            shape = JSON.parse(r.stdout);
        });

        it("validate raw data → feature engineering → feature store → trigger training, in that order", () => {
            assert.deepStrictEqual(shape.tasks, ["validate_raw_data", "engineer_features", "write_to_feature_store"]);
            assert.deepStrictEqual(shape.operators, ["'trigger_training'"]);
            assert.deepStrictEqual(shape.flow.slice(-3), [
                "batch = validate_raw_data()",
                "features_file = engineer_features(batch)",
                "write_to_feature_store(features_file) >> trigger_training",
            ]);
            assert.strictEqual(shape.dag.dag_id, "'feature_pipeline'");
        });

        it("retries with exponential backoff, capped", () => {
            assert.strictEqual(shape.default_args.retries, "3");
            assert.strictEqual(shape.default_args.retry_exponential_backoff, "True");
            assert.ok(shape.default_args.max_retry_delay, "a cap on the wait");
        });

        it("reads only variables the platform defines, by their platform names", () => {
            const names = shape.variables.map((v) => shape.consts[v] ?? v);
            const known: string[] = Object.values(platformVariables);
            assert.ok(names.length >= 3);
            for (const name of names) {
                assert.ok(known.includes(String(name)), `${name} is one of ${known.join(", ")}`);
            }
            assert.ok(names.includes(platformVariables.lakeUrl) && names.includes(platformVariables.featureStoreHost));
        });

        it("reads the feature store's auth mode and credential reference, never a password", () => {
            const names = shape.variables.map((v) => shape.consts[v] ?? v);
            for (const name of [platformVariables.featureStoreAuth, platformVariables.featureStoreCredential, platformVariables.featureStorePort]) {
                assert.ok(names.includes(name), `reads ${name}`);
            }
        });

        it("triggers training once per day (a retry does not start a second run)", () => {
            const source = shape.flow.join("\n");
            assert.match(source, /trigger_run_id='features__\{\{ ds \}\}'/);
            assert.match(source, /skip_when_already_exists=True/);
        });
    });

    describe("feature store authentication (docs/feature-store.md, one branch per featureStoreAuth)", () => {
        const redisArgs = (run: DagAuthRun, client = "redis.Redis") => {
            assert.ok(!run.error, run.error);
            const last = run.calls[run.calls.length - 1];
            assert.ok(last && client in last, `ends by opening the client (${client}): ${JSON.stringify(last)}`);
            return last[client] as Record<string, unknown>;
        };

        it("token (AWS): the read-write user's password from Secrets Manager, in the platform's region, over TLS", async () => {
            const run = (await authRuns).token;
            assert.deepStrictEqual(run.calls.slice(0, 2), [{ "boto3.client": ["secretsmanager", { region_name: "us-east-1" }] }, { "secretsmanager.get_secret_value": "adp-prod/feature-store/read-write" }]);
            assert.deepStrictEqual(redisArgs(run), { host: "store.internal", port: 6379, ssl: true, username: "adp-prod-fs-writer", password: "from-secrets-manager" });
        });

        it("iam (GCP): a refreshed Google access token as the password of user default, with the server CA when given", async () => {
            const run = (await authRuns).iam;
            assert.deepStrictEqual(run.calls.slice(0, 2), [{ "google.auth.default": ["https://www.googleapis.com/auth/cloud-platform"] }, { "google.refresh": "Request" }]);
            assert.deepStrictEqual(redisArgs(run), { host: "10.0.0.5", port: 6379, ssl: true, ssl_ca_data: "-----BEGIN CERTIFICATE-----", username: "default", password: "ya29.google-access-token" });
        });

        it("entra (Azure): a workload-identity token for the Redis scope, the identity's object id as user name", async () => {
            const run = (await authRuns).entra;
            assert.deepStrictEqual(run.calls[0], { "azure.get_token": ["https://redis.azure.com/.default"] });
            const args = redisArgs(run);
            assert.deepStrictEqual([args.host, args.port, args.ssl, args.username], ["adp.eastus2.redis.azure.net", 10000, true, "5f0c2a4e-0000-4000-8000-000000000001"]);
            assert.match(String(args.password), /^[\w-]+\.[\w-]+\.[\w-]+$/, "the token itself");
        });

        it("a store in cluster mode (featureStoreClusterMode: sharded ElastiCache or Memorystore) gets a cluster client with the same authentication", async () => {
            const runs = await authRuns;
            assert.deepStrictEqual(redisArgs(runs.tokenCluster, "redis.RedisCluster"), { host: "clustercfg.store.internal", port: 6379, ssl: true, username: "adp-prod-fs-writer", password: "from-secrets-manager" });
            assert.deepStrictEqual(redisArgs(runs.iamCluster, "redis.RedisCluster"), { host: "10.0.0.9", port: 6379, ssl: true, ssl_ca_data: "-----BEGIN CERTIFICATE-----", username: "default", password: "ya29.google-access-token" });
        });

        it("an auth mode it does not know, or a credential without a read-write secret, stops the task with a clear error", async () => {
            const runs = await authRuns;
            assert.match(runs.unknownAuth.error ?? "", /unknown feature store auth 'password'/);
            assert.match(runs.noWriter.error ?? "", /no read-write secret/);
        });
    });
});
