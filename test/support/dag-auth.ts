import * as assert from "assert";
import * as path from "path";
import { projectRoot } from "../../tools/offline/project-root";
import { startProcess } from "./processes";
import { tempDir } from "./temp";

export const dagFile = path.join(projectRoot, "dags", "feature_pipeline.py");

/** One call of a feature-store helper of the sample DAG. */
export interface DagAuthRequest {
    readonly call: "feature_store_client" | "writer_secret_id";
    readonly args: Record<string, unknown>;
}

/** What the DAG asked of the stand-in modules, in order, and what it returned or raised. */
export interface DagAuthRun {
    readonly calls: Record<string, unknown>[];
    readonly result?: string | null;
    readonly error?: string;
}

// Byte code goes to a temporary folder, not next to the DAG.
export const pythonEnv = { ...process.env, PYTHONPYCACHEPREFIX: tempDir("pyc") };

/**
 * Runs the sample DAG's feature-store helpers under python3 with stand-ins for redis-py, boto3,
 * google-auth and azure-identity (none is installed here; see dag-auth.py): every request in one
 * python3 process (its start is most of the cost), each on fresh helpers; one result per request.
 */
export async function runDagAuth(requests: readonly DagAuthRequest[]): Promise<DagAuthRun[]> {
    const r = await startProcess([path.join(projectRoot, "test", "support", "dag-auth.py"), dagFile, JSON.stringify(requests)], { cwd: projectRoot, env: pythonEnv, command: "python3" });
    assert.strictEqual(r.status, 0, r.stderr);
    const runs = JSON.parse(r.stdout) as DagAuthRun[];
    assert.strictEqual(runs.length, requests.length, r.stdout);
    return runs;
}
