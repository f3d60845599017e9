import { Violation } from "./analyzer";
import { PlanResult } from "./plan";
import { RecordedResource } from "./types";

/**
 * The plan as a short Markdown summary, for `$GITHUB_STEP_SUMMARY` or a pull-request comment: the
 * verdict, violations by level (mandatory first), offline-only findings, and the resources counted
 * by the component they belong to.
 */
export function planMarkdown(r: PlanResult): string {
    const all = [...r.analysis.violations, ...r.offlineOnly];
    const mandatory = all.filter((v) => v.level === "mandatory");
    const advisory = all.filter((v) => v.level === "advisory");
    const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
    const lines = [
        `### ${mandatory.length ? "❌" : "✅"} Offline plan · \`${r.stackConfigFile}\` · ${r.cloud} ${r.environment}`,
        "",
        `${r.resources.length} resources · ${mandatory.length} mandatory, ${advisory.length} advisory · policy config \`${r.policyPackConfig}\`` +
            (mandatory.length ? " · **a `pulumi up` with this policy config would be blocked**" : ""),
        "",
    ];
    for (const [title, list] of [
        ["Mandatory", mandatory],
        ["Advisory", advisory],
    ] as const) {
        if (list.length) {
            lines.push(`#### ${title}`, "", "| policy | resource | finding |", "|---|---|---|");
            lines.push(...list.map((v) => `| \`${v.policy}\` | ${where(v, byUrn)} | ${cell(v.detail)}${"reason" in v ? " *(offline only)*" : ""} |`), "");
        }
    }
    lines.push("<details><summary>Resources by component</summary>", "", "| component | resources |", "|---|---|");
    lines.push(...byComponent(r.resources).map(([component, n]) => `| ${cell(component)} | ${n} |`), "", "</details>", "");
    return lines.join("\n");
}

function where(v: Violation, byUrn: ReadonlyMap<string, RecordedResource>): string {
    const r = v.urn ? byUrn.get(v.urn) : undefined;
    return r ? `\`${r.type}\` ${cell(r.name)}` : "stack";
}

/**
 * Resources counted by capability: the component just below the top (the platform's lake, network,
 * cluster, ...), or a top-level resource that stands alone.
 */
function byComponent(resources: readonly RecordedResource[]): [string, number][] {
    const byUrn = new Map(resources.map((x) => [x.urn, x]));
    const rootOf = (r: RecordedResource): RecordedResource => {
        let at = r;
        for (let up = at.parent ? byUrn.get(at.parent) : undefined; up?.parent && byUrn.has(up.parent); up = byUrn.get(up.parent)) {
            at = up;
        }
        return at;
    };
    const counts = new Map<string, number>();
    for (const r of resources) {
        const root = rootOf(r);
        const label = `${root.type} "${root.name}"`;
        counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}
