import { EnforcementLevel } from "@pulumi/policy";
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { Analysis, analyze, ReportedLevel } from "../../tools/offline/analyzer";
import { PolicyConfigEntry, reconcilePackConfig } from "../../tools/offline/pack-config";
import { pack } from "../../tools/offline/plan";
import { runProgram } from "../../tools/offline/run";
import { RecordedResource } from "../../tools/offline/types";
import { withoutStackTraces } from "../../tools/offline/stack-traces";

export interface FixtureOptions {
    /** Settings per policy, as in a --policy-pack-config file. */
    readonly policyConfig?: Record<string, { enforcementLevel?: EnforcementLevel } & Record<string, unknown>>;
    readonly stack?: string;
    /** Withhold what the Pulumi CLI does not send to policy packs (retainOnDelete). */
    readonly asCli?: boolean;
}

export interface FixtureResult extends Analysis {
    readonly resources: RecordedResource[];
    /** Violations of one policy. */
    of(policy: string): Analysis["violations"];
}

/**
 * Runs a small program (resources declared with the real provider SDKs) through the same offline
 * preview and analyzer as `npm run plan`, with the whole pack, and returns what the pack reported.
 * Policy tests use it, so a policy is tested exactly the way it runs.
 */
export async function evaluateFixture(program: () => void, opts: FixtureOptions = {}): Promise<FixtureResult> {
    const given: Record<string, PolicyConfigEntry> = {};
    for (const [name, { enforcementLevel, ...properties }] of Object.entries(opts.policyConfig ?? {})) {
        given[name] = { ...(enforcementLevel ? { enforcementLevel } : {}), properties };
    }
    const config = reconcilePackConfig(pack.policies, given);
    const { resources, analysis } = await withoutStackTraces(async () => {
        const { resources } = await runProgram({ project: "fixture", stack: opts.stack ?? "prod", program });
        return { resources, analysis: await analyze(resources, pack, config, new Map(), { asCli: opts.asCli }) };
    });
    return { ...analysis, resources, of: (policy) => analysis.violations.filter((v) => v.policy === policy) };
}

/** The URN of the one resource of a type and name a fixture declared; fails loudly when there is none. */
export function urnOf(r: { resources: RecordedResource[] }, type: string, name: string): string {
    const found = r.resources.find((x) => x.type === type && x.name === name);
    assert.ok(found, `no ${type} "${name}"`);
    return found.urn;
}

/** The pack's stream policies, which every cloud's stream fixtures are checked against. */
export const streamPolicyNames: string[] = policies.map((p) => p.name).filter((name) => name.startsWith("stream-"));

/** The pack's Kubernetes and GPU policies, which every cloud's cluster fixtures are checked against. */
export const kubernetesPolicyNames: string[] = policies.map((p) => p.name).filter((name) => /^(kubernetes|gpu)-/.test(name));

/** No policy may give up on a value it could not read during the preview. */
export function assertNoUnknownReads(r: FixtureResult): void {
    assert.deepStrictEqual(r.violations.filter((v) => /can't run policy/.test(v.message)), []);
}

/** The one violation of `policy`, on `urn`, with a message fragment (and level, when given); nothing of it anywhere else. */
export function flagged(r: FixtureResult, policy: string, urn: string, message: RegExp, level?: ReportedLevel): void {
    const found = r.of(policy);
    assert.deepStrictEqual(found.map((v) => v.urn), [urn], `${policy}: ${JSON.stringify(found.map((v) => v.message))}`);
    assert.match(found[0].message, message);
    if (level !== undefined) {
        assert.strictEqual(found[0].level, level);
    }
}
