import * as assert from "assert";
import { existsSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { clouds } from "../components/shared/context";
import { policies } from "../policy/policies";
import { examplePlan, examples } from "./support/examples";
import { projectRoot, readProject } from "../tools/offline/stack-files";
import { classify, DocBlock, documentationFiles, fencedBlocks, headingAnchors, isYaml, relativeLinks, validateStackBlock } from "./support/docs";

// The docs are tests: every YAML stack config in README.md, CONTRIBUTING.md and docs/ goes through the
// program's own config parser (see test/support/docs.ts for the rules and the markers), the README
// stays short, and no relative link points nowhere.

const project = readProject();
const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
const md = (...lines: string[]) => lines.join("\n");
const stackBlock = (b: DocBlock) => {
    assert.strictEqual(b.kind, "stack-config");
    return b as Extract<DocBlock, { kind: "stack-config" }>;
};
/** The one YAML block of an inline Markdown text, sorted as the docs' blocks are. */
const classifyOne = (markdown: string) => classify(fencedBlocks(markdown, "inline.md").filter(isYaml)[0], project.name);
const errorsOf = (b: DocBlock) => validateStackBlock(stackBlock(b), project).flatMap((v) => (v.error ? [`${v.cloud} ${v.environment}: ${v.error.message}`] : []));

/** At least this many stack-config blocks are in the docs today; fewer means blocks escaped validation. */
const minValidatedBlocks = 3;

describe("docs", () => {
    describe("the YAML block extractor", () => {
        it("finds fenced blocks with their language, opening line and docs-test marker, inside list items too", () => {
            const blocks = fencedBlocks(
                md("# Title", "", "<!-- docs-test: clouds aws -->", "```yaml", "config:", "  ai-data-platform:cloud: aws", "```", "", "```sh", "npm test", "```", "- item", "  ```yml", "  a: 1", "  ```"),
                "inline.md",
            );
            assert.deepStrictEqual(
                blocks.map((b) => [b.line, b.lang, b.marker, b.text]),
                [
                    [4, "yaml", "clouds aws", "config:\n  ai-data-platform:cloud: aws"],
                    [9, "sh", undefined, "npm test"],
                    [13, "yml", undefined, "a: 1"],
                ],
            );
            assert.throws(() => fencedBlocks(md("```yaml", "a: 1"), "inline.md"), /inline\.md:1: a fenced block that is never closed/);
        });

        it("validates a stack file and a fragment indented under config:, filling the keys every stack needs", () => {
            const file = classifyOne(md("```yaml", "config:", "  ai-data-platform:cloud: gcp", "  ai-data-platform:environment: dev", "  ai-data-platform:region: us-central1", "  ai-data-platform:backupRegion: us-east1", "  gcp:project: p", "```"));
            assert.deepStrictEqual(
                validateStackBlock(stackBlock(file), project).map((v) => [v.cloud, v.environment, v.error]),
                [["gcp", "dev", undefined]],
            );
            const fragment = classifyOne(md("```yaml", "  ai-data-platform:backup:", "    retentionDays: 10", "```"));
            assert.deepStrictEqual(
                validateStackBlock(stackBlock(fragment), project).map((v) => `${v.cloud} ${v.environment} ${v.error ? "refused" : "ok"}`),
                ["aws dev ok", "aws prod ok", "gcp dev ok", "gcp prod ok", "azure dev ok", "azure prod ok"],
            );
        });

        it("fails a deliberately broken config block, naming the key, on every cloud it is checked on", () => {
            const broken = classifyOne(md("```yaml", "config:", "  ai-data-platform:lake:", "    lockDays: -1", "```"));
            const errors = errorsOf(broken);
            assert.strictEqual(errors.length, clouds.length * 2);
            for (const e of errors) {
                assert.match(e, /invalid config ai-data-platform:lake\.lockDays: got -1/);
            }
            assert.match(errorsOf(classifyOne(md("```yaml", "  ai-data-platform:lakee:", "    lockDays: 7", "```")))[0], /ai-data-platform:lakee: .*did you mean lake\?/);
        });

        it("refuses a YAML block that is neither a stack config nor marked as something else, so a mistyped config: cannot escape", () => {
            assert.throws(() => classifyOne(md("```yaml", "confg:", "  ai-data-platform:cloud: aws", "```")), /inline\.md:1: YAML block is not a stack config/);
            assert.throws(() => classifyOne(md("```yaml", "- one", "- two", "```")), /is not a stack config/);
        });

        it("refuses a config key in a namespace the platform does not read (a mistyped project name)", () => {
            assert.throws(() => classifyOne(md("```yaml", "  ai-data-platfrom:lake:", "    lockDays: 7", "```")), /ai-data-platfrom:lake is in no namespace the platform reads/);
        });

        it("accepts a marked non-config block, but not when it sets the platform's keys, nor YAML that does not parse or an unknown marker", () => {
            const step = classifyOne(md("<!-- docs-test: not a stack config (a CI step) -->", "```yaml", "- run: npm test", "```"));
            assert.deepStrictEqual([step.kind, step.kind === "not-config" && step.reason], ["not-config", "(a CI step)"]);
            assert.throws(() => classifyOne(md("<!-- docs-test: not a stack config -->", "```yaml", "ai-data-platform:lake: {}", "```")), /marked "not a stack config" but sets ai-data-platform: keys/);
            assert.throws(() => classifyOne(md("<!-- docs-test: not a stack config -->", "```yaml", "a: [1", "```")), /YAML block does not parse/);
            assert.throws(() => classifyOne(md("<!-- docs-test: skip -->", "```yaml", "a: 1", "```")), /unknown docs-test marker "skip"/);
            assert.throws(() => classifyOne(md("<!-- docs-test: clouds aws ibm -->", "```yaml", "ai-data-platform:lake: {}", "```")), /unknown clouds ibm/);
        });
    });

    it("every YAML block in README.md, CONTRIBUTING.md and docs/ is a valid stack config, or marked as no stack config; no config hides in another block", () => {
        const problems: string[] = [];
        const validated: string[] = [];
        for (const file of documentationFiles(projectRoot)) {
            for (const block of fencedBlocks(read(file), file)) {
                const where = `${file}:${block.line}`;
                if (!isYaml(block)) {
                    // A config labelled otherwise (or not at all) would escape validation.
                    if (new RegExp(`^\\s*${project.name}:\\w`, "m").test(block.text)) {
                        problems.push(`${where}: ${project.name}: keys in ${block.lang ? `a ${block.lang}` : "an unlabelled"} block; label it yaml so it is validated`);
                    }
                    continue;
                }
                let b: DocBlock;
                try {
                    b = classify(block, project.name);
                } catch (err) {
                    problems.push((err as Error).message);
                    continue;
                }
                if (b.kind === "not-config") {
                    continue;
                }
                const results = validateStackBlock(b, project);
                problems.push(...results.flatMap((v) => (v.error ? [`${where} (${v.cloud} ${v.environment}): ${v.error.message}`] : [])));
                // A `clouds` marker must say no more than the truth: each cloud it leaves out refuses the block.
                const only = b.clouds;
                const excluded = only ? clouds.filter((c) => !only.includes(c)) : [];
                for (const cloud of excluded) {
                    if (validateStackBlock(b, project, [cloud]).every((v) => !v.error)) {
                        problems.push(`${where}: the docs-test marker leaves out ${cloud}, where the block is valid`);
                    }
                }
                validated.push(`${where} on ${[...new Set(results.map((v) => v.cloud))].join(", ")}`);
            }
        }
        assert.deepStrictEqual(problems, []);
        assert.ok(validated.length >= minValidatedBlocks, `validated ${validated.length} stack-config blocks, expected at least ${minValidatedBlocks}: ${validated.join("; ")}`);
    });

    it("keeps README.md within 250 lines", () => {
        const lines = read("README.md").split("\n").length - 1;
        assert.ok(lines <= 250, `README.md has ${lines} lines; move detail to docs/`);
    });

    it("has every relative link in README.md, CONTRIBUTING.md and docs/ point to a file, and a heading, that exists", () => {
        const broken: string[] = [];
        for (const file of documentationFiles(projectRoot)) {
            for (const link of relativeLinks(read(file), file)) {
                const [target, anchor] = link.target.split("#");
                const resolved = target ? path.normalize(path.join(path.dirname(file), decodeURI(target))) : file;
                const where = `${file}:${link.line}: ${link.target}`;
                if (resolved.startsWith("..") || path.isAbsolute(resolved) || !existsSync(path.join(projectRoot, resolved))) {
                    broken.push(`${where} (no file ${resolved} in the repository)`);
                } else if (anchor && resolved.endsWith(".md") && statSync(path.join(projectRoot, resolved)).isFile() && !headingAnchors(read(resolved)).has(anchor)) {
                    broken.push(`${where} (no heading #${anchor} in ${resolved})`);
                }
            }
        }
        assert.deepStrictEqual(broken, []);
    });

    it("names every policy of the pack in README.md's list and in the table of docs/policies.md, and no other", () => {
        const names = policies.map((p) => p.name).sort();
        const named = (text: string) => [...new Set([...text.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]))].filter((n) => names.includes(n) || /^(storage|kms|backup|data|kubernetes|gpu|stream|feature-store|airflow)-/.test(n));
        const readme = read("README.md");
        const list = readme.slice(readme.indexOf("## Policies"), readme.indexOf("\n## ", readme.indexOf("## Policies") + 1));
        assert.deepStrictEqual(named(list).sort(), names);
        const doc = read("docs/policies.md");
        const table = doc.slice(doc.indexOf("## The policies"), doc.indexOf("\n## ", doc.indexOf("## The policies") + 1));
        const rows = table.split("\n").filter((l) => /^\| `/.test(l)).map((l) => /^\| `([^`]+)`/.exec(l)![1]);
        assert.deepStrictEqual(rows.slice().sort(), names);
    });

    it("names every stack output of the examples in README.md's table and in docs/outputs.md, and no output that does not exist", async () => {
        const produced = new Set<string>();
        for (const { cloud, env } of examples) {
            Object.keys((await examplePlan(cloud, env)).outputs).forEach((k) => produced.add(k));
        }
        // Produced only with an `inference` section, which no example has.
        const optional = ["inferenceUrl"];
        const readme = read("README.md");
        const table = readme.slice(readme.indexOf("## Stack outputs"), readme.indexOf("\n## ", readme.indexOf("## Stack outputs") + 1));
        const inTable = new Set([...table.matchAll(/`([a-zA-Z]+)`/g)].map((m) => m[1]).filter((n) => !["airflow", "inference"].includes(n)));
        const doc = read("docs/outputs.md");
        assert.deepStrictEqual([...produced].filter((k) => !inTable.has(k)), [], "outputs missing from README.md");
        assert.deepStrictEqual([...produced].filter((k) => !doc.includes(`\`${k}\``)), [], "outputs missing from docs/outputs.md");
        assert.deepStrictEqual([...inTable].filter((k) => !produced.has(k) && !optional.includes(k)), [], "README.md names outputs the program does not export");
    });

    it("links every page under docs/ from README.md", () => {
        const linked = new Set(relativeLinks(read("README.md"), "README.md").map((l) => path.normalize(l.target.split("#")[0])));
        const pages = documentationFiles(projectRoot).filter((f) => f.startsWith(`docs${path.sep}`));
        assert.ok(pages.length > 0);
        assert.deepStrictEqual(pages.filter((f) => !linked.has(f)), []);
    });
});
