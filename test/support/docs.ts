import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { Cloud, clouds, Environment, environments } from "../../components/shared/context";
import { parsePlatformConfig } from "../../stacks/config/load";
import { ProjectFile, readStackConfig } from "../../tools/offline/stack-files";
import { stackConfig } from "./stack";

// "Docs are tests": every ```yaml block in the Markdown documentation is either a stack config,
// which is parsed and validated by the program's own config parser, or is marked as something else.
//
// Markers are HTML comments on the line right before the fence, so readers never see them:
//   <!-- docs-test: not a stack config (a GitHub Actions step) -->   the block is YAML but no stack config
//   <!-- docs-test: clouds aws gcp -->                               a fragment valid on these clouds only
// A block with no marker that does not look like a stack config fails the test, so a mistyped
// config block (`confg:`, `ai-data-platfrom:lake`) cannot slip past validation unnoticed.

export interface FencedBlock {
    readonly file: string;
    /** 1-based line of the opening fence. */
    readonly line: number;
    readonly lang: string;
    readonly text: string;
    /** What follows `docs-test:` in an HTML comment on the line before the fence. */
    readonly marker?: string;
}

/** Every fenced code block of a Markdown text, with its language and marker. */
export function fencedBlocks(markdown: string, file: string): FencedBlock[] {
    const lines = markdown.split("\n");
    const blocks: FencedBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]);
        if (!open) {
            continue;
        }
        const [, indent, fence, lang] = open;
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) {
            body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
        }
        if (j === lines.length) {
            throw new Error(`${file}:${i + 1}: a fenced block that is never closed`);
        }
        const marker = i > 0 ? /^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$/.exec(lines[i - 1])?.[1] : undefined;
        blocks.push({ file, line: i + 1, lang: lang.toLowerCase(), text: body.join("\n"), ...(marker !== undefined ? { marker } : {}) });
        i = j;
    }
    return blocks;
}

export const isYaml = (b: FencedBlock): boolean => b.lang === "yaml" || b.lang === "yml";

export type DocBlock =
    | { readonly kind: "stack-config"; readonly block: FencedBlock; readonly config: Record<string, unknown>; readonly clouds?: readonly Cloud[] }
    | { readonly kind: "not-config"; readonly block: FencedBlock; readonly reason: string };

/** Provider namespaces a docs block may set besides the project's own (anything else is a typo). */
const providerNamespaces = ["aws", "gcp", "azure-native"];

/**
 * Sorts a YAML block into a stack config or a marked non-config block; throws (naming file and line)
 * on YAML that does not parse, on an unmarked block that is not a stack config, on a config key in an
 * unknown namespace, and on a "not a stack config" marker on a block that mentions the project's keys.
 *
 * A stack config is a map with a top-level `config:` map (a stack file), or a map whose top-level keys
 * are `namespace:key` (a fragment of the `config:` map, possibly indented as it would be under it).
 */
export function classify(block: FencedBlock, project: string): DocBlock {
    const where = `${block.file}:${block.line}`;
    let doc: unknown;
    try {
        doc = parse(block.text);
    } catch (err) {
        throw new Error(`${where}: YAML block does not parse: ${(err as Error).message.split("\n")[0]}`);
    }
    const marker = block.marker;
    const notConfig = marker !== undefined ? /^not a stack config\b\s*(.*)$/.exec(marker) : null;
    const cloudsMarker = marker !== undefined ? /^clouds((?:\s+\w+)+)$/.exec(marker) : null;
    if (marker !== undefined && !notConfig && !cloudsMarker) {
        throw new Error(`${where}: unknown docs-test marker "${marker}" (use "not a stack config (why)" or "clouds aws gcp ...")`);
    }
    if (notConfig) {
        if (block.text.includes(`${project}:`)) {
            throw new Error(`${where}: marked "not a stack config" but sets ${project}: keys; a config block must be validated`);
        }
        return { kind: "not-config", block, reason: notConfig[1] || "(no reason given)" };
    }
    const map = isMap(doc) ? doc : undefined;
    const config = map && isMap(map.config) ? map.config : map && Object.keys(map).some((k) => k.includes(":")) ? map : undefined;
    if (!config) {
        throw new Error(`${where}: YAML block is not a stack config (no top-level config: map, no namespace:key keys); validate it or mark it <!-- docs-test: not a stack config (why) -->`);
    }
    const qualified: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        const full = key.includes(":") ? key : `${project}:${key}`;
        const ns = full.slice(0, full.indexOf(":"));
        if (ns !== project && !providerNamespaces.includes(ns)) {
            throw new Error(`${where}: ${full} is in no namespace the platform reads (${[project, ...providerNamespaces].join(", ")})`);
        }
        qualified[full] = value;
    }
    let only: Cloud[] | undefined;
    if (cloudsMarker) {
        only = cloudsMarker[1].trim().split(/\s+/) as Cloud[];
        const unknown = only.filter((c) => !(clouds as readonly string[]).includes(c));
        if (unknown.length) {
            throw new Error(`${where}: docs-test marker names unknown clouds ${unknown.join(", ")}`);
        }
        if (qualified[`${project}:cloud`] !== undefined) {
            throw new Error(`${where}: the block sets ${project}:cloud, so a clouds marker has nothing to say`);
        }
    }
    return { kind: "stack-config", block, config: qualified, ...(only ? { clouds: only } : {}) };
}

export interface Validation {
    readonly cloud: Cloud;
    readonly environment: Environment;
    /** The validation error, if the parser refused the block. */
    readonly error?: Error;
}

/**
 * Validates a stack-config block the way `npm run plan` reads a stack file, once per cloud and
 * environment the block leaves open.
 *
 * Fragments show only some keys, so the keys every stack needs are filled in explicitly, as the
 * tests' `stackConfig(cloud, environment)` does (cloud, environment, region, backupRegion, and
 * gcp:project on gcp); the block's own keys always win. A block that sets `cloud` is checked on that
 * cloud, otherwise on every cloud (or those its `clouds` marker names); a block that sets
 * `environment` in that environment, otherwise in dev and prod. `onClouds` checks a block that
 * leaves `cloud` out on the given clouds instead (to prove a `clouds` marker leaves out only clouds
 * that refuse the block).
 *
 * The filled config is written as a stack file and read back with the offline plan's
 * `readStackConfig`, so YAML values become the `namespace:key → text` map exactly as Pulumi hands
 * it to the program; `parsePlatformConfig` then validates it under the stack name "docs" (not dev
 * or prod, so the environment always comes from the config).
 */
export function validateStackBlock(b: Extract<DocBlock, { kind: "stack-config" }>, project: ProjectFile, onClouds?: readonly Cloud[]): Validation[] {
    const ns = project.name;
    const pinnedCloud = b.config[`${ns}:cloud`] as Cloud | undefined;
    const pinnedEnv = b.config[`${ns}:environment`] as Environment | undefined;
    if (onClouds && pinnedCloud) {
        throw new Error(`${b.block.file}:${b.block.line}: the block sets ${ns}:cloud; it cannot be checked on other clouds`);
    }
    const cloudList = onClouds ?? (pinnedCloud ? [pinnedCloud] : (b.clouds ?? clouds));
    const envList = pinnedEnv ? [pinnedEnv] : environments;
    const dir = mkdtempSync(path.join(tmpdir(), "adp-docs-"));
    try {
        const results: Validation[] = [];
        for (const cloud of cloudList) {
            for (const environment of envList) {
                const file = path.join(dir, `Pulumi.${cloud}-${environment}.yaml`);
                writeFileSync(file, stringify({ config: { ...stackConfig(cloud, environment), ...b.config } }));
                try {
                    parsePlatformConfig(readStackConfig(project, "docs", file).config, { project: ns, stack: "docs" });
                    results.push({ cloud, environment });
                } catch (err) {
                    results.push({ cloud, environment, error: err as Error });
                }
            }
        }
        return results;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** README.md, CONTRIBUTING.md and every Markdown file under docs/, relative to the root. */
export function documentationFiles(root: string): string[] {
    const docs = (dir: string): string[] =>
        readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? docs(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
        );
    return ["README.md", "CONTRIBUTING.md", ...docs("docs").sort()];
}

export interface MarkdownLink {
    readonly file: string;
    readonly line: number;
    readonly target: string;
}

/** Links `[text](target)` outside code blocks and code spans, with absolute URLs left out. */
export function relativeLinks(markdown: string, file: string): MarkdownLink[] {
    const links: MarkdownLink[] = [];
    let fence: string | undefined;
    markdown.split("\n").forEach((line, i) => {
        const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
        if (f && (!fence || f.startsWith(fence))) {
            fence = fence ? undefined : f;
            return;
        }
        if (fence) {
            return;
        }
        const prose = line.replace(/`[^`]*`/g, "");
        for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
            if (!/^[a-z][a-z0-9+.-]*:/i.test(m[1])) {
                links.push({ file, line: i + 1, target: m[1] });
            }
        }
    });
    return links;
}

/** The anchors GitHub gives a Markdown file's headings. */
export function headingAnchors(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const anchors = new Set<string>();
    let fence: string | undefined;
    for (const line of markdown.split("\n")) {
        const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
        if (f && (!fence || f.startsWith(fence))) {
            fence = fence ? undefined : f;
            continue;
        }
        const h = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!h) {
            continue;
        }
        const slug = h[1]
            .replace(/<[^>]+>/g, "")
            .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        seen.set(slug, n + 1);
        anchors.add(n ? `${slug}-${n}` : slug);
    }
    return anchors;
}

function isMap(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
