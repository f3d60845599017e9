import { Violation } from "./analyzer";
import { PlanResult } from "./plan";
import { RecordedResource } from "./types";

/** The `--json` document: stable field names that CI jobs and scripts read. */
export function planJson(r: PlanResult) {
    return {
        stack: r.stack,
        cloud: r.cloud,
        environment: r.environment,
        policyPackConfig: r.policyPackConfig,
        policyPackConfigDefaulted: r.policyPackConfigDefaulted,
        resources: r.resources.map((x) => ({
            urn: x.urn,
            type: x.type,
            name: x.name,
            parent: x.parent ?? null,
            provider: x.provider ?? null,
            protect: x.protect,
            retainOnDelete: x.retainOnDelete,
            dependencies: x.dependencies,
            propertyDependencies: x.propertyDependencies,
            inputs: x.inputs,
            outputs: x.outputs,
        })),
        violations: r.analysis.violations.map((v) => ({ policy: v.policy, level: v.level, urn: v.urn ?? null, message: v.message })),
        notApplicable: r.analysis.notApplicable,
        offlineOnly: r.offlineOnly.map((v) => ({ policy: v.policy, level: v.level, urn: v.urn ?? null, message: v.message, reason: v.reason })),
        outputs: r.outputs,
        exitCode: r.exitCode,
    };
}

/** The human report: resource tree grouped by component, policy report, summary. */
export function planText(r: PlanResult): string {
    const lines: string[] = [];
    lines.push(`Offline plan · project ${r.project} · stack ${r.stack} · cloud ${r.cloud} · environment ${r.environment}`);
    lines.push("(a preview under mocks: nothing was sent to a cloud; ids and other values the cloud computes are unknown)");
    lines.push("");
    lines.push(...tree(r.resources));
    lines.push("");
    lines.push(`Outputs`);
    for (const [k, v] of Object.entries(r.outputs)) {
        lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
    }
    lines.push("");
    const defaulted = r.policyPackConfigDefaulted ? ` (the default for ${r.environment}; pass it to \`pulumi preview --policy-pack-config\` too)` : "";
    lines.push(`Policies · pack ai-data-platform · config ${r.policyPackConfig}${defaulted} · ${r.analysis.evaluated.length} evaluated`);
    const findings = [...r.analysis.violations, ...r.offlineOnly];
    const byLevel = (level: string, list: readonly Violation[] = r.analysis.violations) => list.filter((v) => v.level === level);
    if (!r.analysis.violations.length) {
        lines.push("  no violations");
    }
    const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
    for (const v of [...byLevel("mandatory"), ...byLevel("advisory")]) {
        lines.push(...violation(v, byUrn));
    }
    if (r.analysis.notApplicable.length) {
        const counts = new Map<string, number>();
        for (const n of r.analysis.notApplicable) {
            counts.set(n.policy, (counts.get(n.policy) ?? 0) + 1);
        }
        lines.push(`  not applicable: ${[...counts].map(([p, n]) => `${p} (${n})`).join(", ")}`);
    }
    if (r.offlineOnly.length) {
        lines.push("");
        lines.push("Offline-only checks (the Pulumi CLI cannot make these; see docs/policies.md)");
        for (const v of [...byLevel("mandatory", r.offlineOnly), ...byLevel("advisory", r.offlineOnly)]) {
            lines.push(...violation(v, byUrn));
        }
    }
    lines.push("");
    const custom = r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:"));
    const retained = custom.filter((x) => x.retainOnDelete).length;
    const mandatory = byLevel("mandatory", findings).length;
    lines.push(
        `Summary: ${r.resources.length} resources (${custom.length} cloud resources, ${retained} retained on delete) · ` +
            `${mandatory} mandatory, ${byLevel("advisory", findings).length} advisory violations · ` +
            (mandatory ? "FAILED: a `pulumi up` with this policy config would be blocked" : "OK"),
    );
    return lines.join("\n");
}

function tree(resources: readonly RecordedResource[]): string[] {
    const known = new Set(resources.map((r) => r.urn));
    const children = new Map<string, RecordedResource[]>();
    const roots: RecordedResource[] = [];
    for (const r of resources) {
        if (r.parent && known.has(r.parent)) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        } else {
            roots.push(r);
        }
    }
    const providerName = new Map(resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r.name]));
    const out: string[] = [];
    const order = (list: RecordedResource[]) => [...list].sort((a, b) => Number(a.custom) - Number(b.custom) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    const walk = (r: RecordedResource, prefix: string, last: boolean, depth: number) => {
        const place = r.type.startsWith("pulumi:providers:") ? (r.inputs.region ?? r.inputs.location) : undefined;
        const flags = [
            place ? `region ${place}` : undefined,
            r.provider ? `via ${providerName.get(r.provider) ?? r.provider}` : undefined,
            r.retainOnDelete ? "retain" : undefined,
            r.protect ? "protect" : undefined,
            r.remote ? "remote component" : undefined,
        ].filter(Boolean);
        const line = `${r.type} "${r.name}"${flags.length ? `  [${flags.join(", ")}]` : ""}`;
        out.push(depth === 0 ? line : `${prefix}${last ? "└─ " : "├─ "}${line}`);
        const kids = order(children.get(r.urn) ?? []);
        kids.forEach((k, i) => walk(k, depth === 0 ? "" : prefix + (last ? "   " : "│  "), i === kids.length - 1, depth + 1));
    };
    for (const root of order(roots)) {
        walk(root, "", true, 0);
    }
    return out;
}

/** What a violation is about, for people: `aws:s3/bucket:Bucket "lake"`, or `stack` for a stack-wide one. */
export function subjectOf(v: Violation, byUrn: ReadonlyMap<string, RecordedResource>, stack = "stack"): string {
    const r = v.urn ? byUrn.get(v.urn) : undefined;
    return r ? `${r.type} "${r.name}"` : stack;
}

function violation(v: Violation, byUrn: ReadonlyMap<string, RecordedResource>): string[] {
    const where = subjectOf(v, byUrn);
    return [`  ${v.level === "mandatory" ? "✗ mandatory" : "! advisory "}  ${v.policy}  ${where}`, `      ${v.detail}`];
}
