import { spawnSync } from "child_process";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { analyze } from "./offline/analyzer";
import { loadPackConfigFile, reconcilePackConfig } from "./offline/pack-config";
import { pack, plan } from "./offline/plan";
import { syntheticStack } from "./bench/synthetic";
import { RecordedResource } from "./offline/types";
import { projectRoot } from "./offline/project-root";

// `npm run bench`: how long the offline plan takes per cloud × environment (whole process, as a
// user or CI runs it), and how policy evaluation scales with stack size. Not a test: it prints
// figures, it does not judge them, except to say whether evaluation time grew linearly.

const root = projectRoot;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sizes = [1000, 5000, 10000, 20000];
// `npm run bench` starts node with --expose-gc; without it, runs simply share the heap.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function planWallTimes(): void {
    console.log(`Offline plan, whole process (node + ts-node with swc + program + policies), median of ${runs} runs after 1 warm-up:`);
    console.log("  cloud  env   median ms  min ms  max ms  resources");
    for (const cloud of ["aws", "gcp", "azure"]) {
        for (const env of ["dev", "prod"]) {
            const file = path.join(root, "examples", `${cloud}-${env}.yaml`);
            if (!existsSync(file)) {
                continue;
            }
            const args = ["-r", path.join(root, "tools", "ts-node.js"), path.join(root, "tools", "plan.ts"), "--stack", env, "--config-file", file, "--json"];
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
 * The pack with every policy function timed: the pack's own work, measured where it happens rather
 * than as the difference of two noisy totals. The analyzer's share (building each policy's view of
 * the resources, as the Pulumi policy SDK does) is the rest of the total.
 */
function instrumentedPack(): { pack: typeof pack; takeMs(): number } {
    let ns = 0n;
    const timedFn = <F extends (...args: never[]) => unknown>(fn: F): F =>
        // Copies the SDK's own tags on the function (the resource type it is restricted to).
        Object.assign(async (...args: Parameters<F>) => {
            const t0 = process.hrtime.bigint();
            try {
                return await fn(...args);
            } finally {
                ns += process.hrtime.bigint() - t0;
            }
        }, fn) as unknown as F;
    const policies = pack.policies.map((p) => {
        if ("validateStack" in p) {
            return { ...p, validateStack: timedFn(p.validateStack) };
        }
        const v = p.validateResource;
        return { ...p, ...(v ? { validateResource: Array.isArray(v) ? v.map(timedFn) : timedFn(v) } : {}) };
    });
    return {
        pack: { ...pack, policies } as typeof pack,
        takeMs() {
            const ms = Number(ns) / 1e6;
            ns = 0n;
            return ms;
        },
    };
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
    const instrumented = instrumentedPack();
    console.log(`\nPolicy evaluation, whole pack (${pack.policies.length} policies), synthetic stacks built from the prod plans (${template.length}-resource template), median of ${runs}:`);
    console.log("  resources  total ms  in policies ms  policies resources/s  violations");
    const own: Record<number, number> = {};
    for (const size of sizes) {
        const stack = syntheticStack(template, size);
        let violations = 0;
        const inPolicies: number[] = [];
        const total = await timed(async () => {
            // Each run starts on a collected heap, so one run's garbage is not charged to the next.
            collectGarbage();
            instrumented.takeMs();
            violations = (await analyze(stack, instrumented.pack, config)).violations.length;
            inPolicies.push(instrumented.takeMs());
        });
        own[size] = median(inPolicies.slice(1));
        console.log(
            `  ${String(size).padStart(9)}  ${total.toFixed(0).padStart(8)}  ${own[size].toFixed(0).padStart(14)}  ${Math.round((size / own[size]) * 1000).toString().padStart(20)}  ${String(violations).padStart(10)}`,
        );
    }
    // A few milliseconds at 1,000 resources are mostly noise: judge growth on the larger stacks.
    const ratio = own[20000] / own[5000];
    console.log(`  time in policies, 20,000 / 5,000: ${ratio.toFixed(1)} (4 is linear) → ${ratio < 6 ? "linear" : "SUPERLINEAR: look for a per-resource scan inside a loop"}`);
}

/**
 * `npm test` as CI runs it (tools/test-suite.ts: the strict type check beside the transpiled suite
 * in two mocha processes), as a whole process: wall time, the CPU time of everything it started
 * (Linux; steadier than wall time on a shared machine) and its own summary line. BENCH_SUITE_RUNS
 * runs (default 1).
 */
function suiteWallTime(): void {
    const suiteRuns = Number(process.env.BENCH_SUITE_RUNS ?? 1);
    console.log(`\nnpm test, whole process, ${suiteRuns} run(s):`);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    for (let i = 0; i < suiteRuns; i++) {
        const cpu0 = childrenCpuSeconds();
        const t0 = process.hrtime.bigint();
        const res = spawnSync(npm, ["test", "--", "--reporter", "dot"], { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
        const wall = Number(process.hrtime.bigint() - t0) / 1e9;
        const cpu1 = childrenCpuSeconds();
        const summary = /^npm test: .*$/m.exec(res.stdout)?.[0] ?? `no summary line (exit ${res.status}): ${res.stderr.split("\n")[0]}`;
        const cpu = cpu0 !== undefined && cpu1 !== undefined ? ` · ${(cpu1 - cpu0).toFixed(1)} s CPU` : "";
        console.log(`  ${wall.toFixed(1)} s wall${cpu} · exit ${res.status}\n    ${summary}`);
    }
}

/** User + system CPU seconds of this process's finished children (/proc/self/stat cutime + cstime). */
function childrenCpuSeconds(): number | undefined {
    try {
        const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
        // Fields 16 and 17 of stat(5), counted from the state (field 3) here; in clock ticks (100 per second on Linux).
        return (Number(fields[13]) + Number(fields[14])) / 100;
    } catch {
        return undefined;
    }
}

// BENCH_ONLY=suite (or plans, evaluation; comma-separated) runs only those parts.
const only = process.env.BENCH_ONLY?.split(",");
const part = (name: string) => !only || only.includes(name);

(async () => {
    if (part("plans")) {
        planWallTimes();
    }
    if (part("evaluation")) {
        await evaluationThroughput();
    }
    if (part("suite")) {
        suiteWallTime();
    }
})().catch((err) => {
    console.error(err);
    process.exit(1);
});
