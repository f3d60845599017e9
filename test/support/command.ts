import { runPlanCommand } from "../../tools/offline/cli";
import { sharedPlan } from "./plans";

type CommandResult = { status: number; stdout: string; stderr: string };

/**
 * `npm run plan -- ARGS` in this process, as tools/plan.ts runs it (it only hands over argv and the
 * streams): the exit status and what the command wrote to each stream. The plan itself comes from the
 * process's cache (support/plans.ts), so a stack another test file planned is not planned again.
 */
export async function planCommand(...args: string[]): Promise<CommandResult> {
    let stdout = "";
    let stderr = "";
    const status = await runPlanCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, sharedPlan);
    return { status, stdout, stderr };
}
