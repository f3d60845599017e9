import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";

const made: string[] = [];

/**
 * A fresh directory under the system's temp dir, removed when the test process exits (a test that
 * needs it gone sooner removes it itself). The suite writes hundreds of stack and policy files; none
 * may outlive the run.
 */
export function tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), `adp-${prefix}-`));
    if (made.length === 0) {
        process.once("exit", removeTempDirs);
    }
    made.push(dir);
    return dir;
}

function removeTempDirs(): void {
    for (const dir of made.splice(0)) {
        rmSync(dir, { recursive: true, force: true });
    }
}
