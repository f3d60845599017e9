import { createHash } from "crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { Violation } from "./analyzer";
import { OfflineOnlyFinding } from "./offline-only";
import { PlanResult } from "./plan";
import { subjectOf } from "./report";

/** The part of a policy's description that says how to fix a violation ("… Fix: …"). */
export function fixOf(description: string): string | undefined {
    const at = description.indexOf("Fix: ");
    return at >= 0 ? description.slice(at + "Fix: ".length).trim() : undefined;
}

/**
 * The plan's verdicts as a SARIF 2.1.0 log, for GitHub code scanning: one rule per policy of the pack
 * (its description, the fix as help), one result per violation or offline-only finding, at the
 * stack config file that produced the plan, with the resource's URN as its logical location.
 * Mandatory findings are errors, advisory ones warnings; "can't run during preview" notes are
 * warnings too, under the policy they stopped.
 */
export function planSarif(r: PlanResult, pack: { name: string; version: string; policies: readonly { name: string; description: string }[] }): Log {
    const rules: ReportingDescriptor[] = pack.policies.map((p) => ({
        id: p.name,
        name: p.name,
        shortDescription: { text: p.description.split(". ")[0].replace(/\.$/, "") + "." },
        fullDescription: { text: p.description },
        help: { text: fixOf(p.description) ?? p.description },
        properties: { tags: ["policy", pack.name] },
    }));
    const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
    const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
    const result = (v: Violation | OfflineOnlyFinding): Result => {
        const where = subjectOf(v, byUrn, `stack ${r.stack}`);
        const fix = fixOf(v.description);
        const offline = "reason" in v ? ` (${v.reason})` : "";
        return {
            ruleId: v.policy,
            ...(ruleIndex.has(v.policy) ? { ruleIndex: ruleIndex.get(v.policy) } : {}),
            level: v.level === "mandatory" ? "error" : "warning",
            message: { text: `${where}: ${v.detail}${offline}${fix ? `\nFix: ${fix}` : ""}` },
            locations: [
                {
                    physicalLocation: { artifactLocation: { uri: r.stackConfigFile.split("\\").join("/") }, region: { startLine: 1 } },
                    logicalLocations: [{ fullyQualifiedName: v.urn ?? `stack ${r.stack}`, kind: "resource" }],
                },
            ],
            // Stable across runs and unrelated changes, so code scanning tracks each finding as one alert.
            partialFingerprints: { "policyResource/v1": createHash("sha256").update([v.policy, v.urn ?? "", v.detail, r.stackConfigFile].join("\u0000")).digest("hex") },
            properties: { stack: r.stack, cloud: r.cloud, environment: r.environment, enforcementLevel: v.level, ...(offline ? { offlineOnly: true } : {}) },
        };
    };
    return {
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [
            {
                tool: { driver: { name: `${pack.name} offline plan`, version: pack.version, informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/", rules } },
                automationDetails: { id: `offline-plan/${r.stackConfigFile}/` },
                results: [...r.analysis.violations, ...r.offlineOnly].map(result),
            },
        ],
    };
}
