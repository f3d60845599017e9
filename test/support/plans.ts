import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { plan, PlanOptions, PlanResult } from "../../tools/offline/plan";
import { projectRoot } from "../../tools/offline/project-root";
import { withoutStackTraces } from "../../tools/offline/stack-traces";

// Whole-platform plans are the suite's costliest step (about half a second each, compiled). A test
// process computes each distinct plan once, whichever test file asks first, and hands every file the
// same result; results are frozen, so a test that would change a shared plan fails where it tries.

const plans = new Map<string, Promise<PlanResult>>();

/**
 * The offline plan `npm run plan` computes for these options, computed once per test process: two
 * requests are the same plan when they name the same stack, the same stack config (by content: the
 * tests write their configs to fresh temp files) and the same policy pack config file.
 */
export function sharedPlan(opts: PlanOptions): Promise<PlanResult> {
    const stack = opts.stack ?? "dev"; // plan()'s default
    const stackFile = opts.configFile ?? path.join(opts.root ?? projectRoot, `Pulumi.${stack}.yaml`);
    return planOnce(`${opts.root ?? ""}\0${stack}\0${contentOf(stackFile)}\0${policyConfigKey(opts.policyPackConfig)}`, () => plan({ ...opts, stack }));
}

/** One plan per key and test process; `run` is called on the first request only. */
function planOnce(key: string, run: () => Promise<PlanResult>): Promise<PlanResult> {
    let result = plans.get(key);
    if (!result) {
        result = withoutStackTraces(run).then(deepFreeze);
        plans.set(key, result);
    }
    return result;
}

/** A policy pack config file by path (the plan reports it) and content (a test may rewrite it). */
const policyConfigKey = (file: string | undefined) => (file === undefined ? "" : `${file}\0${contentOf(file)}`);

// A missing file is the plan's error to report, not the cache's.
const contentOf = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : `(missing ${file})`);

function deepFreeze<T>(value: T): T {
    if (value && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) {
            deepFreeze(v);
        }
    }
    return value;
}
