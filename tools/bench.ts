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
    console.log(`\nPolicy evaluation, whole pack (${pack.policies.length} policies), synthetic stacks built from the prod plans (${template.length}-resource template), median of ${runs}:`);
    console.log("  resources  median ms  resources/s  violations");
    const medians: Record<number, number> = {};
    for (const size of [1000, 10000]) {
        const stack = syntheticStack(template, size);
        const times: number[] = [];
        let violations = 0;
        for (let i = 0; i <= runs; i++) {
            const t0 = process.hrtime.bigint();
            violations = (await analyze(stack, pack, config)).violations.length;
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            if (i > 0) {
                times.push(ms);
            }
        }
        medians[size] = median(times);
        console.log(`  ${String(size).padStart(9)}  ${medians[size].toFixed(0).padStart(9)}  ${Math.round((size / medians[size]) * 1000).toString().padStart(11)}  ${String(violations).padStart(10)}`);
    }
    const ratio = medians[10000] / medians[1000];
    console.log(`  10,000 / 1,000 time ratio: ${ratio.toFixed(1)} (10 is linear) → ${ratio < 15 ? "linear" : "SUPERLINEAR: look for a per-resource scan inside a loop"}`);
}

(async () => {
    planWallTimes();
    await evaluationThroughput();
})().catch((err) => {
    console.error(err);
    process.exit(1);
});
