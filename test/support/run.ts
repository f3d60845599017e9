import { runProgram as run, RunOptions, RunResult } from "../../tools/offline/run";
import { withoutStackTraces } from "../../tools/offline/stack-traces";

export type { RunResult };

/** tools/offline/run.ts's runProgram, as tests run a program: without the SDK's stack traces (support/stack-traces.ts). */
export function runProgram(opts: RunOptions): Promise<RunResult> {
    return withoutStackTraces(() => run(opts));
}
