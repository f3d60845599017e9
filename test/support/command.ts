import { runPlanCommand } from "../../tools/offline/cli";

/**
 * `npm run plan -- ARGS` in this process, as tools/plan.ts runs it (it only hands over argv and the
 * streams): the exit status and what the command wrote to each stream.
 */
export async function planCommand(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await runPlanCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { status, stdout, stderr };
}
