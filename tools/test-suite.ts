import { ChildProcess, spawn } from "child_process";
import { existsSync, readdirSync, rmSync } from "fs";
import * as path from "path";
import { projectRoot } from "./offline/project-root";

// `npm test`: the strict type check, then the test suite on what it emitted, on two cores.
//
// 1. TypeScript 7 (the native compiler, `typescript-7` in devDependencies) checks the project under
//    tsconfig.json and emits it into .build/ in one run of about three seconds. It emits even when a
//    type is wrong (noEmitOnError is off), so the tests still run and the report has both; the run
//    fails on any type error.
// 2. The compiled suite runs in two mocha processes side by side: the files that plan whole platforms
//    (test/<cloud>-*.test.ts, the golden plans, the cross-cloud platform test, the fidelity test, the
//    docs and tags tests and the plan formats', which read the same plans: one process plans each once)
//    in one; everything else (config, policies on fixtures, the command with its real processes, the
//    streams) in the other. A new test file joins the group its name puts it in.
// Each mocha process gets a 128 MB young generation: the offline previews allocate fast, and the
// default made garbage collection a third of the suite's time.
//
// TypeScript 5.9 (`typescript`) stays for what needs the compiler's JavaScript API: ts-node (`npm run
// plan`, the mocha tiers, and the Pulumi CLI, which type-checks the program with it on `pulumi up`)
// and the tests that parse sources. `npm run typecheck:deploy` is its check of the same tree; CI runs it.
//
// Output: each group's mocha report when it ends, then the type check's, then one summary line
// (`npm run bench` reads it). Exit status: 0 only when the type check and both groups pass.

const root = projectRoot;
const outDir = path.join(root, ".build");
// The files that plan whole platforms run in one process, so that a plan several of them read (the
// examples, the stack files, a cloud's default stacks) is computed once. The stream tests plan only
// configs of their own and run in the other process, beside the command's real processes, so that
// both processes end together (docs/benchmarks.md).
const wholePlatformPlans = /^test\/((aws|gcp|azure)-[^/]+|golden|platform|fidelity|docs|tags|plan-formats)\.test\.js$/;
const ownPlansOnly = /^test\/(aws|gcp|azure)-stream\.test\.js$/;
const groups: { name: string; matches(file: string): boolean }[] = [
    { name: "whole-platform plans", matches: (f) => wholePlatformPlans.test(f) && !ownPlansOnly.test(f) },
    { name: "config, policies, command, streams", matches: () => true },
];
const nodeOptions = ["--max-semi-space-size=128"];
/** TypeScript 7's launcher (its package exports no bin path, so it is found from its package.json). */
const tsc7 = path.join(path.dirname(require.resolve("typescript-7/package.json")), "bin", "tsc");

interface Finished {
    readonly code: number;
    readonly output: string;
    readonly ms: number;
}

function run(args: string[]): { child: ChildProcess; done: Promise<Finished> } {
    const t0 = Date.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const done = new Promise<Finished>((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output, ms: Date.now() - t0 })));
    return { child, done };
}

/**
 * The compiled test files, those in folders (the policy tests on small fixtures) first: the real
 * processes other files start while mocha loads them have then finished when those files await them.
 */
function testFiles(dir = path.join(outDir, "test")): string[] {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    return [
        ...entries.filter((e) => e.isDirectory()).flatMap((e) => testFiles(path.join(dir, e.name))),
        ...entries.filter((e) => e.isFile() && e.name.endsWith(".test.js")).map((e) => path.join(dir, e.name)),
    ];
}

async function main(): Promise<number> {
    const t0 = Date.now();
    rmSync(outDir, { recursive: true, force: true });
    // Colours only on a terminal: CI logs and `npm run bench` read the text.
    const pretty = String(process.stdout.isTTY === true);
    const check = await run([tsc7, "-p", root, "--noEmit", "false", "--outDir", outDir, "--rootDir", root, "--sourceMap", "false", "--pretty", pretty]).done;
    process.stdout.write(`── type check and emit: TypeScript 7, tsc -p . into .build/ (${(check.ms / 1000).toFixed(1)} s) ──\n${check.output || "no errors\n"}`);
    if (!existsSync(path.join(outDir, "test"))) {
        process.stdout.write("\nnpm test: FAILED · the compiler emitted no tests\n");
        return 1;
    }
    const mocha = require.resolve("mocha/bin/mocha.js");
    const files = testFiles().map((f) => path.relative(outDir, f).split(path.sep).join("/"));
    const assigned = new Map<string, string[]>();
    for (const f of files) {
        const group = groups.find((g) => g.matches(f))!;
        assigned.set(group.name, [...(assigned.get(group.name) ?? []), path.join(".build", f)]);
    }
    const extra = process.argv.slice(2);
    const suites = [...assigned].map(([name, list]) => ({ name, ...run([...nodeOptions, mocha, "--config", ".mocharc.build.json", ...extra, ...list]) }));
    let failed = check.code !== 0;
    let passing = 0;
    let failing = 0;
    for (const s of suites) {
        const r = await s.done;
        process.stdout.write(`\n── ${s.name} (${(r.ms / 1000).toFixed(1)} s) ──\n${r.output}`);
        passing += Number(/(\d+) passing/.exec(r.output)?.[1] ?? 0);
        failing += Number(/(\d+) failing/.exec(r.output)?.[1] ?? 0);
        failed ||= r.code !== 0;
    }
    if (check.code !== 0) {
        process.stdout.write(`\n── type errors (as above) ──\n${check.output}`);
    }
    process.stdout.write(
        `\nnpm test: ${failed ? "FAILED" : "ok"} · type check ${check.code === 0 ? "ok" : "FAILED"} (${(check.ms / 1000).toFixed(1)} s) · ${files.length} test files · ${passing} passing, ${failing} failing in ${suites.length} mocha processes · ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    return failed ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err);
        process.exit(1);
    },
);
