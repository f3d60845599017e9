import { spawnSync } from "child_process";
import { existsSync } from "fs";
import * as path from "path";
import { analyze } from "./offline/analyzer";
import { loadPackConfigFile, reconcilePackConfig } from "./offline/pack-config";
import { pack, plan } from "./offline/plan";
import { syntheticStack } from "./bench/synthetic";
import { RecordedResource } from "./offline/types";

// `npm run bench`: how long the offline plan takes per cloud × environment (whole process, as a
// user or CI runs it), and how policy evaluation scales with stack size. Not a test: it prints
// figures, it does not judge them, except to say whether evaluation time grew linearly.

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function planWallTimes(): void {
    console.log(`Offline plan, whole process (node + ts-node + program + policies), median of ${runs} runs after 1 warm-up:`);
    console.log("  cloud  env   median ms  min ms  max ms  resources");
    for (const cloud of ["aws", "gcp", "azure"]) {
        for (const env of ["dev", "prod"]) {
            const file = path.join(root, "examples", `${cloud}-${env}.yaml`);
            if (!existsSync(file)) {
                continue;
            }
            const args = ["-r", "ts-node/register/transpile-only", path.join(root, "tools", "plan.ts"), "--stack", env, "--config-file", file, "--json"];
            const times: number[] = [];
            let resources = 0;
            for (let i = 0; i <= runs; i++) {
                const t0 = process.hrtime.bigint();
                const res = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
                const ms = Number(process.hrtime.bigint() - t0) / 1e6;
                if (res.status !== 0) {
                    console.log(`  ${cloud.padEnd(6)} ${env.padEnd(5)} failed (exit ${res.status}): ${res.stderr.split("\n")[0]}`);
                    break;
                }
                resources = JSON.parse(res.stdout).resources.length;
                if (i > 0) {
                    times.push(ms);
                }
            }
            if (times.length) {
                console.log(`  ${cloud.padEnd(6)} ${env.padEnd(5)} ${median(times).toFixed(0).padStart(9)}  ${Math.min(...times).toFixed(0).padStart(6)}  ${Math.max(...times).toFixed(0).padStart(6)}  ${String(resources).padStart(9)}`);
            }
        }
    }
}

/**
 * The same number of stack and resource policies as the pack, each doing nothing: what the analyzer
 * itself costs. Like the Pulumi policy SDK, it deserializes every resource afresh for each stack
 * policy, and that work grows faster than the stack once the heap is large (garbage collection);
 * the pack's own time is what remains.
 */
function baselinePack(): typeof pack {
    const policies = pack.policies.map((p, i) =>
        "validateStack" in p
            ? { name: `noop-stack-${i}`, description: "does nothing", validateStack: () => undefined }
            : { name: `noop-resource-${i}`, description: "does nothing", validateResource: () => undefined },
    );
    return { ...pack, policies } as typeof pack;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
        const t0 = process.hrtime.bigint();
        await fn();
        if (i > 0) {
            times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
    }
    return median(times);
}

async function evaluationThroughput(): Promise<void> {
    const template: RecordedResource[] = [];
    for (const cloud of ["aws", "gcp", "azure"]) {
        const file = path.join(root, "examples", `${cloud}-prod.yaml`);
        if (existsSync(file)) {
            try {
                template.push(...(await plan({ stack: "prod", configFile: file })).resources);
            } catch (err) {
                console.log(`  (${cloud} left out of the template: ${(err as Error).message.split("\n")[0]})`);
            }
        }
    }
    const config = reconcilePackConfig(pack.policies, loadPackConfigFile(path.join(root, "policy", "config", "prod.json")));
    const baseline = baselinePack();
    const baselineConfig = reconcilePackConfig(baseline.policies, {});
    console.log(`\nPolicy evaluation, whole pack (${pack.policies.length} policies), synthetic stacks built from the prod plans (${template.length}-resource template), median of ${runs}:`);
    console.log("  resources  total ms  analyzer ms  pack ms  pack resources/s  violations");
    const own: Record<number, number> = {};
    const sizes = [1000, 5000, 10000];
    for (const size of sizes) {
        const stack = syntheticStack(template, size);
        let violations = 0;
        const total = await timed(async () => (violations = (await analyze(stack, pack, config)).violations.length));
        const analyzer = await timed(() => analyze(stack, baseline, baselineConfig));
        own[size] = Math.max(total - analyzer, 0.1);
        console.log(
            `  ${String(size).padStart(9)}  ${total.toFixed(0).padStart(8)}  ${analyzer.toFixed(0).padStart(11)}  ${own[size].toFixed(0).padStart(7)}  ${Math.round((size / own[size]) * 1000).toString().padStart(16)}  ${String(violations).padStart(10)}`,
        );
    }
    const ratio = own[10000] / own[1000];
    console.log(`  the pack's own time, 10,000 / 1,000: ${ratio.toFixed(1)} (10 is linear) → ${ratio < 15 ? "linear" : "SUPERLINEAR: look for a per-resource scan inside a loop"}`);
}

(async () => {
    planWallTimes();
    await evaluationThroughput();
})().catch((err) => {
    console.error(err);
    process.exit(1);
});
