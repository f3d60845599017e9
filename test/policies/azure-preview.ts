import * as assert from "assert";
import { FixtureResult } from "../support/fixtures";

/**
 * Asserts that `policy` stopped as the CLI reports it on a first preview: one advisory "can't run",
 * naming the property at `path` (a setting the fixture left out, which azure-native's preview shows
 * as unknown).
 */
export function assertCantRun(r: FixtureResult, policy: string, path: string): void {
    const reported = r.of(policy);
    assert.strictEqual(reported.length, 1, JSON.stringify(reported));
    assert.strictEqual(reported[0].level, "advisory");
    assert.strictEqual(reported[0].urn, undefined);
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(reported[0].message, new RegExp(`^can't run policy '${policy}' from policy pack '[^']+' during preview: \\w+ value at ${escaped} can't be known during preview$`));
}
