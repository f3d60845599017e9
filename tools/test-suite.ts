import { ChildProcess, spawn } from "child_process";
import { readdirSync, rmSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { projectRoot } from "./offline/project-root";

// `npm test`: the strict type check and the test suite at the same time, on two cores.
//
// 1. `tsc --noEmit -p .` starts at once; it is the authority on types, and the run fails when it does.
// 2. Meanwhile every source file is transpiled into .build/ (the same emit, without the type
//    information), so the tests need not wait for the check.
// 3. The compiled suite runs in two mocha processes side by side: the files that plan whole platforms
//    (test/<cloud>-*.test.ts, the golden plans, the cross-cloud platform test, the fidelity test, the
//    docs test and the tags test, which all read the example plans: one process plans each once) in
//    one; everything else (config, policies on fixtures, the command) in the other. A new test file joins the group its name puts it in.
// Each mocha process gets a 128 MB young generation: the offline previews allocate fast, and the
// default made garbage collection a third of the suite's time.
//
// Output: each group's mocha report when it ends, then the type check's, then one summary line
// (`npm run bench` reads it). Exit status: 0 only when the type check and both groups pass.

const root = projectRoot;
const outDir = path.join(root, ".build");
// Plans no other file asks for (their own configs only), moved to the other process so that both end
// together (without it, the plans' process ended about 11 s after the other in `npm test`).
const evenOut = ["test/aws-stream.test.js"];
const groups: { name: string; matches(file: string): boolean }[] = [
    { name: "whole-platform plans", matches: (f) => /^test\/((aws|gcp|azure)-[^/]+|golden|platform|fidelity|docs|tags)\.test\.js$/.test(f) && !evenOut.includes(f) },
    { name: "config, policies, command", matches: () => true },
];
const nodeOptions = ["--max-semi-space-size=128"];

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
 * Every file the project's tsconfig includes, emitted as `tsc` emits it (the same JavaScript, checked
 * file by file against tsc's own output when this was written), without resolving imports or loading
 * the provider SDKs' declarations: a few seconds instead of the check's twenty.
 */
function transpile(): number {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, "tsconfig.json"), {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
    });
    if (!parsed) {
        throw new Error("tsconfig.json could not be read");
    }
    rmSync(outDir, { recursive: true, force: true });
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: false, outDir, rootDir: root, sourceMap: false, noResolve: true, noLib: true, types: [], isolatedModules: true };
    const result = ts.createProgram(parsed.fileNames, options).emit();
    if (result.emitSkipped) {
        throw new Error("the transpile emitted nothing");
    }
    return parsed.fileNames.length;
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
    const typeCheck = run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", root]);
    const transpiled = transpile();
    const mocha = require.resolve("mocha/bin/mocha.js");
    const files = testFiles().map((f) => path.relative(outDir, f).split(path.sep).join("/"));
    const assigned = new Map<string, string[]>();
    for (const f of files) {
        const group = groups.find((g) => g.matches(f))!;
        assigned.set(group.name, [...(assigned.get(group.name) ?? []), path.join(".build", f)]);
    }
    const extra = process.argv.slice(2);
    const suites = [...assigned].map(([name, list]) => ({ name, ...run([...nodeOptions, mocha, "--config", ".mocharc.build.json", ...extra, ...list]) }));
    let failed = false;
    let passing = 0;
    let failing = 0;
    for (const s of suites) {
        const r = await s.done;
        process.stdout.write(`\n── ${s.name} (${(r.ms / 1000).toFixed(1)} s) ──\n${r.output}`);
        passing += Number(/(\d+) passing/.exec(r.output)?.[1] ?? 0);
        failing += Number(/(\d+) failing/.exec(r.output)?.[1] ?? 0);
        failed ||= r.code !== 0;
    }
    const check = await typeCheck.done;
    process.stdout.write(`\n── type check: tsc --noEmit -p . (${(check.ms / 1000).toFixed(1)} s) ──\n${check.output || "no errors\n"}`);
    failed ||= check.code !== 0;
    process.stdout.write(
        `\nnpm test: ${failed ? "FAILED" : "ok"} · type check ${check.code === 0 ? "ok" : "FAILED"} (${(check.ms / 1000).toFixed(1)} s) · ${transpiled} files transpiled · ${passing} passing, ${failing} failing in ${suites.length} mocha processes · ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
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
