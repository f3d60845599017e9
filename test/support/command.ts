import { runPlanCommand } from "../../tools/offline/cli";
import { withoutStackTraces } from "./stack-traces";

type CommandResult = { status: number; stdout: string; stderr: string };

/**
 * `npm run plan -- ARGS` in this process, as tools/plan.ts runs it (it only hands over argv and the
 * streams): the exit status and what the command wrote to each stream. Without the SDK's stack
 * traces (support/stack-traces.ts), unless the program fails (exit 3): then it runs again with them,
 * so the message says where.
 */
export async function planCommand(...args: string[]): Promise<CommandResult> {
    const run = async (): Promise<CommandResult> => {
        let stdout = "";
        let stderr = "";
        const status = await runPlanCommand(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
        return { status, stdout, stderr };
    };
    const quiet = await withoutStackTraces(run);
    return quiet.status === 3 ? run() : quiet;
}
