import { spawn } from "child_process";

export interface Exited {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * Starts a child process now and returns what it will have printed and its exit status. Test files
 * that need a real process start it while mocha loads them, so it runs beside the other tests instead
 * of holding the suite up; the test awaits the result. Killed if the test process ends first. Node
 * (this one) unless `command` names another program.
 */
export function startProcess(args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; command?: string }): Promise<Exited> {
    const child = spawn(opts.command ?? process.execPath, [...args], { cwd: opts.cwd, env: opts.env ?? process.env });
    const kill = () => child.kill();
    process.once("exit", kill);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (status) => {
            process.removeListener("exit", kill);
            resolve({ status, stdout, stderr });
        });
    });
}
