import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { Cloud, Environment } from "../../components/shared/context";
import { PlanResult } from "../../tools/offline/plan";
import { RecordedResource } from "../../tools/offline/types";
import { sharedPlan } from "./plans";
import { tempDir } from "./temp";

/** Two regions per cloud that the tests use unless they say otherwise. */
export const testRegions: Record<Cloud, { region: string; backupRegion: string }> = {
    aws: { region: "us-east-1", backupRegion: "us-west-2" },
    gcp: { region: "us-central1", backupRegion: "us-east1" },
    azure: { region: "eastus2", backupRegion: "centralus" },
};

/** Stack config (namespaced keys → YAML values) for a cloud and environment, with overrides. */
export function stackConfig(cloud: Cloud, environment: Environment, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "ai-data-platform:cloud": cloud,
        "ai-data-platform:environment": environment,
        "ai-data-platform:region": testRegions[cloud].region,
        "ai-data-platform:backupRegion": testRegions[cloud].backupRegion,
        ...(cloud === "gcp" ? { "gcp:project": "adp-test-project" } : {}),
        ...overrides,
    };
}

/** Writes a stack config file the way a user would, and returns its path. */
export function writeStackFile(config: Record<string, unknown>): string {
    const file = path.join(tempDir("stack"), "Pulumi.test.yaml");
    writeFileSync(file, stringify({ config }));
    return file;
}

/**
 * The offline plan for a config, exactly as `npm run plan -- --config-file FILE` computes it; the same
 * config, stack and policy config give the same (shared, frozen) result in every test file of a run.
 */
export function planFor(config: Record<string, unknown>, opts: { stack?: string; policyPackConfig?: string } = {}): Promise<PlanResult> {
    // Keyed by the file's content, like every other plan: a command test in the same process that runs
    // `npm run plan -- --stack test --config-file` on the same config gets this plan.
    return sharedPlan({ stack: opts.stack ?? "test", configFile: writeStackFile(config), policyPackConfig: opts.policyPackConfig });
}

export function ofType(result: { resources: RecordedResource[] }, type: string): RecordedResource[] {
    return result.resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name, when given); fails loudly when there is not exactly one. */
export function one(result: { resources: RecordedResource[] }, type: string, name?: string): RecordedResource {
    const found = ofType(result, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}${name ? ` "${name}"` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    }
    return found[0];
}

/** The provider resource a resource is created through. */
export function providerOf(result: { resources: RecordedResource[] }, x: RecordedResource): RecordedResource | undefined {
    return result.resources.find((p) => p.urn === x.provider);
}

/** Whether `x`'s input `property` is built from `target`. */
export function builtFrom(x: RecordedResource, property: string, target: RecordedResource): boolean {
    return (x.propertyDependencies[property] ?? []).includes(target.urn);
}

/** The resources of a type among the given URNs. */
export function withType(result: { resources: RecordedResource[] }, urns: readonly string[], type: string): RecordedResource[] {
    return result.resources.filter((x) => urns.includes(x.urn) && x.type === type);
}

/** Resources whose input `property` is built from `target` (how split resources name their owner). */
export function dependents(result: { resources: RecordedResource[] }, target: RecordedResource, type: string, property: string): RecordedResource[] {
    return ofType(result, type).filter((r) => builtFrom(r, property, target));
}

/** A plan that passes its environment's policy config with no violation, mandatory or advisory. */
export function assertCleanPlan(r: PlanResult, cloud: Cloud, environment: Environment): void {
    assert.deepStrictEqual([r.cloud, r.environment, r.policyPackConfig], [cloud, environment, `policy/config/${environment}.json`]);
    assert.deepStrictEqual(r.analysis.violations, []);
    assert.deepStrictEqual(r.offlineOnly, []);
    assert.strictEqual(r.exitCode, 0);
}
