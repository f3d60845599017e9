import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { projectRoot } from "../tools/offline/project-root";
import { tempDir } from "./support/temp";

// The module graph as Node loads it: static imports and re-exports, `require(...)` and `import(...)`.
// `import type` / `export type` are left out: the compiler erases them, so they never load a module
// and cannot make a load-order cycle. Plain `import { T }` of a type alone is kept (stricter than
// Node, which never sees it), so a cycle cannot hide behind an import that only looks type-only.

const scanned = ["components", "stacks", "tools", "policy"];
const cloudSdks = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native"];

interface ModuleGraph {
    /** File → project files it loads. */
    readonly edges: Map<string, string[]>;
    /** File → packages it loads (`@pulumi/aws`, ...). */
    readonly packages: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" || e.name.startsWith(".") ? [] : sourceFiles(full);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

function specifiers(file: string): string[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const out: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
            out.push(node.moduleSpecifier.text);
        } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            out.push(node.moduleSpecifier.text);
        } else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
            out.push(node.moduleReference.expression.text);
        } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
            const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
            if (isRequire || node.expression.kind === ts.SyntaxKind.ImportKeyword) {
                out.push(node.arguments[0].text);
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
}

function resolveRelative(from: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(from), spec);
    return [`${base}.ts`, path.join(base, "index.ts"), base].find((f) => f.endsWith(".ts") && fs.existsSync(f));
}

function packageOf(spec: string): string {
    const parts = spec.split("/");
    return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function moduleGraph(roots: readonly string[]): ModuleGraph {
    const edges = new Map<string, string[]>();
    const packages = new Map<string, string[]>();
    const pending = roots.flatMap(sourceFiles);
    while (pending.length > 0) {
        const file = pending.pop()!;
        if (edges.has(file)) {
            continue;
        }
        const specs = specifiers(file);
        const local = specs.filter((s) => s.startsWith(".")).map((s) => resolveRelative(file, s)).filter((f): f is string => f !== undefined);
        edges.set(file, [...new Set(local)]);
        packages.set(file, [...new Set(specs.filter((s) => !s.startsWith(".")).map(packageOf))]);
        pending.push(...local);
    }
    return { edges, packages };
}

/** Every set of modules that load each other (Tarjan's strongly connected components), as a readable chain. */
function importCycles({ edges }: ModuleGraph, root: string): string[] {
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[] = [];
    const connect = (v: string): void => {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
        for (const w of edges.get(v) ?? []) {
            if (!index.has(w)) {
                connect(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (edges.get(v) ?? []).includes(v)) {
                cycles.push(component.map((f) => path.relative(root, f)).sort().join(" ⇄ "));
            }
        }
    };
    for (const v of edges.keys()) {
        if (!index.has(v)) {
            connect(v);
        }
    }
    return cycles;
}

/** The cloud SDKs a module loads, itself or through the project modules it loads. */
function cloudSdksLoadedBy(graph: ModuleGraph, file: string): string[] {
    const seen = new Set<string>();
    const found = new Set<string>();
    const pending = [file];
    while (pending.length > 0) {
        const f = pending.pop()!;
        if (seen.has(f)) {
            continue;
        }
        seen.add(f);
        (graph.packages.get(f) ?? []).filter((p) => cloudSdks.includes(p)).forEach((p) => found.add(`${p} (through ${path.relative(projectRoot, f)})`));
        pending.push(...(graph.edges.get(f) ?? []));
    }
    return [...found];
}

describe("module structure", function () {
    this.timeout(60_000);
    const graph = moduleGraph(scanned.map((d) => path.join(projectRoot, d)));
    const components = path.join(projectRoot, "components");

    it("has no import cycle in components/, stacks/, tools/ or policy/", () => {
        assert.ok(graph.edges.size > 100, `scanned ${graph.edges.size} modules`);
        assert.deepStrictEqual(importCycles(graph, projectRoot), []);
    });

    it("finds a cycle when there is one (two temporary modules that load each other)", () => {
        const dir = tempDir("import-cycle");
        fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = () => b;\n');
        fs.writeFileSync(path.join(dir, "b.ts"), 'export const b = () => (require("./a") as typeof import("./a")).a;\n');
        fs.writeFileSync(path.join(dir, "c.ts"), 'import type { a } from "./a";\nexport type C = typeof a;\n');
        assert.deepStrictEqual(importCycles(moduleGraph([dir]), dir), ["a.ts ⇄ b.ts"]);
    });

    it("each capability's contract loads no capability's index and no cloud SDK", () => {
        const contracts = [...graph.edges.keys()].filter((f) => f.startsWith(components) && path.basename(f) === "contract.ts");
        const capabilities = fs.readdirSync(components).filter((d) => fs.existsSync(path.join(components, d, "index.ts")));
        for (const cap of capabilities.filter((c) => !["shared", "platform", "clouds"].includes(c))) {
            assert.ok(contracts.includes(path.join(components, cap, "contract.ts")), `components/${cap} has a contract.ts`);
        }
        const indexes = capabilities.map((c) => path.join(components, c, "index.ts"));
        for (const contract of contracts) {
            const name = path.relative(projectRoot, contract);
            assert.deepStrictEqual(graph.edges.get(contract)!.filter((f) => indexes.includes(f)).map((f) => path.relative(projectRoot, f)), [], `${name} imports an index`);
            assert.deepStrictEqual(cloudSdksLoadedBy(graph, contract), [], `${name} loads a cloud SDK`);
        }
    });

    it("only the Platform component loads a capability's index: cloud files and other capabilities go through contracts", () => {
        const capabilities = fs.readdirSync(components).filter((d) => !["platform", "clouds"].includes(d) && fs.existsSync(path.join(components, d, "index.ts")));
        const indexes = new Set(capabilities.map((c) => path.join(components, c, "index.ts")));
        const platform = path.join(components, "platform", "index.ts");
        const offenders = [...graph.edges.entries()]
            .filter(([f]) => f.startsWith(components) && f !== platform)
            .flatMap(([f, to]) => to.filter((t) => indexes.has(t)).map((t) => `${path.relative(projectRoot, f)} → ${path.relative(projectRoot, t)}`));
        assert.deepStrictEqual(offenders, []);
    });

    it("per-cloud config rules and limits load no cloud SDK, so the config check never does", () => {
        const facts = [...graph.edges.keys()].filter((f) => f.startsWith(components) && /-(rules|limits)\.ts$/.test(f));
        assert.ok(facts.some((f) => f.endsWith("-rules.ts")), "rules files found");
        for (const f of facts) {
            assert.deepStrictEqual(cloudSdksLoadedBy(graph, f), [], path.relative(projectRoot, f));
        }
        assert.deepStrictEqual(cloudSdksLoadedBy(graph, path.join(projectRoot, "stacks", "config", "index.ts")), [], "stacks/config");
    });

    it("only components/clouds picks a cloud: no other module requires a cloud's implementation lazily", () => {
        // A require of a relative module; the SDK facades' require of their package root (for its registration) picks nothing.
        const lazy = [...graph.edges.keys()].filter((f) => f.startsWith(components) && /\brequire\(\s*["'`]\./.test(fs.readFileSync(f, "utf8")));
        assert.deepStrictEqual(lazy.map((f) => path.relative(projectRoot, f)), [path.join("components", "clouds", "index.ts")]);
    });

    it("imports @pulumi/aws and @pulumi/gcp by submodule, through components/shared/sdk, so the type check reads only what is used", () => {
        const facades = ["aws", "gcp"].map((c) => path.join(projectRoot, "components", "shared", "sdk", `${c}.ts`));
        const whole = [...graph.edges.keys()].filter((f) => !facades.includes(f) && /from\s+["']@pulumi\/(aws|gcp)["']/.test(fs.readFileSync(f, "utf8")));
        assert.deepStrictEqual(whole.map((f) => path.relative(projectRoot, f)), []);
    });
});
