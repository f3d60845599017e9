import * as assert from "assert";
import { spawnSync } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { projectRoot } from "../../tools/offline/project-root";

export const dagFile = path.join(projectRoot, "dags", "feature_pipeline.py");

/** What the DAG asked of the stand-in modules, in order, and what it returned or raised. */
export interface DagAuthRun {
    readonly calls: Record<string, unknown>[];
    readonly result?: string | null;
    readonly error?: string;
}

// Byte code goes to a temporary folder, not next to the DAG.
const env = { ...process.env, PYTHONPYCACHEPREFIX: mkdtempSync(path.join(tmpdir(), "adp-pyc-")) };

/**
 * Runs one of the sample DAG's feature-store helpers under python3 with stand-ins for redis-py,
 * boto3, google-auth and azure-identity (none is installed here; see dag-auth.py).
 */
export function runDagAuth(call: "feature_store_client" | "writer_secret_id", args: Record<string, unknown>): DagAuthRun {
    const r = spawnSync("python3", [path.join(projectRoot, "test", "support", "dag-auth.py"), dagFile, JSON.stringify({ call, args })], { encoding: "utf8", env });
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as DagAuthRun;
}
