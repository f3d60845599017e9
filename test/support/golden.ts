import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { projectRoot } from "../../tools/offline/project-root";
import { PlanResult } from "../../tools/offline/plan";

/**
 * What a refactor must not change: every resource's URN, inputs (values unknown during the preview
 * written `[unknown]`) and the options that decide its fate (retained or protected on delete, replaced
 * delete-first) and order (what it waits for), keys sorted so the file diffs cleanly.
 */
export type GoldenPlan = Record<string, unknown>;

export const goldenFile = (name: string) => path.join(projectRoot, "test", "golden", `${name}.json`);

export function goldenOf(r: PlanResult): GoldenPlan {
    return sorted(
        Object.fromEntries(
            r.resources.map((x) => [
                x.urn,
                {
                    inputs: x.inputs,
                    retainOnDelete: x.retainOnDelete,
                    protect: x.protect,
                    ...(x.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: x.deleteBeforeReplace } : {}),
                    dependencies: [...x.dependencies].sort(),
                },
            ]),
        ),
    ) as GoldenPlan;
}

export function readGolden(name: string): GoldenPlan {
    return JSON.parse(readFileSync(goldenFile(name), "utf8")) as GoldenPlan;
}

export function writeGolden(name: string, golden: GoldenPlan): void {
    writeFileSync(goldenFile(name), `${JSON.stringify(golden, null, 1)}\n`);
}

/** Resources added, removed or with other inputs, one line each, with the first input that differs. */
export function goldenDifferences(expected: GoldenPlan, actual: GoldenPlan): string[] {
    const out: string[] = [];
    for (const urn of Object.keys(expected).filter((u) => !(u in actual))) {
        out.push(`- removed  ${urn}`);
    }
    for (const urn of Object.keys(actual).filter((u) => !(u in expected))) {
        out.push(`+ added    ${urn}`);
    }
    for (const urn of Object.keys(actual).filter((u) => u in expected)) {
        const where = firstDifference(expected[urn], actual[urn], "");
        if (where !== undefined) {
            out.push(`~ changed  ${urn} at ${where || "(inputs)"}`);
        }
    }
    return out;
}

function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
    if (a === b) {
        return undefined;
    }
    if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
        for (const k of keys) {
            const found = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
            if (found !== undefined) {
                return found;
            }
        }
        return undefined;
    }
    return at;
}

function sorted(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sorted);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
    }
    return value;
}
