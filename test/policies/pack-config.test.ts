import * as assert from "assert";
import { writeFileSync } from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";
import { loadPackConfigFile, PolicyConfigError, ReconciledConfig, reconcilePackConfig } from "../../tools/offline/pack-config";
import { tempDir } from "../support/temp";

// Expected texts are the Pulumi CLI's (pulumi/pulumi pkg/resource/analyzer/config.go,
// pkg/engine/update.go LoadLocalPolicyPackAnalyzers, pkg/resource/plugin/analyzer_plugin.go Configure).
const dir = tempDir("pack-config");
let n = 0;
function fileWith(text: string): string {
    const file = path.join(dir, `config-${n++}.json`);
    writeFileSync(file, text);
    return file;
}
const load = (text: string): ReconciledConfig => reconcilePackConfig(policies, loadPackConfigFile(fileWith(text)));
const entries = (c: ReconciledConfig) => Object.fromEntries(c);

function rejects(text: string, message: string): void {
    assert.throws(() => load(text), (err: unknown) => {
        assert.ok(err instanceof PolicyConfigError, `a PolicyConfigError, got ${err}`);
        assert.strictEqual(err.message, message);
        return true;
    });
}

describe("--policy-pack-config, as the Pulumi CLI reads it", () => {
    it("accepts an empty or blank file as no config (config.go: gracefully allow empty content)", () => {
        assert.deepStrictEqual(entries(load("")), entries(reconcilePackConfig(policies)));
        assert.deepStrictEqual(entries(load(" \n\t\r\n")), entries(reconcilePackConfig(policies)));
        assert.deepStrictEqual(entries(load("null")), entries(reconcilePackConfig(policies)), "json.Unmarshal of null leaves no config");
    });

    it("ignores ESC environments given as a string array, and rejects any other environments value", () => {
        const withEsc = load(JSON.stringify({ environments: ["platform/policy"], all: "advisory" }));
        assert.strictEqual(withEsc.has("environments"), false);
        assert.deepStrictEqual(entries(withEsc), entries(load(JSON.stringify({ all: "advisory" }))));
        rejects(`{"environments": "platform/policy"}`, `"environments" must be an array of strings, got string`);
        rejects(`{"environments": ["platform/policy", 7]}`, `"environments[1]" must be a string, got float64`);
    });

    it("rejects a key that ends up without an enforcement level: an unknown policy or `all` given only properties", () => {
        rejects(`{"storage-versoning": {"foo": 1}}`, `configuring policy pack "ai-data-platform": invalid enforcement level ""`);
        rejects(`{"all": {"foo": 1}}`, `configuring policy pack "ai-data-platform": invalid enforcement level ""`);
        // Still accepted by the CLI: an unknown name with a level (passed on, never read), or with nothing (dropped).
        assert.strictEqual(load(`{"storage-versoning": "advisory"}`).get("storage-versoning")!.enforcementLevel, "advisory");
        assert.strictEqual(load(`{"storage-versoning": {}}`).has("storage-versoning"), false);
        // A policy of the pack without a level of its own has the pack's, so it is never refused.
        assert.doesNotThrow(() => load(`{"backup-retention": {"minBackupRetentionDays": 7}}`));
    });

    it("reports schema errors sorted, joined with '; ', under the CLI's prefix, in gojsonschema's words", () => {
        rejects(
            JSON.stringify({
                "stream-retention": { minRetentionHours: 0 },
                "storage-secure-transport": { minTlsVersion: "1.1" },
                "kubernetes-minimum-version": { minKubernetesVersion: "2" },
                "kms-key-rotation": { maxRotationDays: 0.5 },
                "backup-retention": { minBackupRetentionDays: "a month" },
                "stream-encryption-in-transit": { minTlsVersion: 1 },
            }),
            `validating policy config for "ai-data-platform": ` +
                [
                    "backup-retention: minBackupRetentionDays: Invalid type. Expected: integer, given: string",
                    // A value of the wrong type gets no further checks (its minimum, its enum).
                    "kms-key-rotation: maxRotationDays: Invalid type. Expected: integer, given: number",
                    "kubernetes-minimum-version: minKubernetesVersion: Does not match pattern '^1\\.\\d{2}$'",
                    'storage-secure-transport: minTlsVersion: minTlsVersion must be one of the following: "1.2", "1.3"',
                    "stream-encryption-in-transit: minTlsVersion: Invalid type. Expected: string, given: integer",
                    "stream-retention: minRetentionHours: Must be greater than or equal to 1",
                ].join("; "),
        );
    });

    it("rejects what config.go cannot parse, with its messages", () => {
        rejects(`{"backup-retention": "strict"}`, `parsing enforcement level for "backup-retention": "strict" is not a valid enforcement level`);
        rejects(`{"backup-retention": {"enforcementLevel": 1000000}}`, `parsing enforcement level for "backup-retention": 1e+06 is not a valid enforcement level; must be a string`);
        rejects(`{"backup-retention": [7, "days", null]}`, `parsing "backup-retention": [7 days <nil>] is not a valid value; must be a string or object`);
        rejects(`["backup-retention"]`, "json: cannot unmarshal array into Go value of type map[string]interface {}");
        assert.throws(() => loadPackConfigFile(path.join(dir, "missing.json")), { name: "PolicyConfigError", message: `open ${path.join(dir, "missing.json")}: no such file or directory` });
    });

    it("keeps defaults, `all`, per-policy levels and properties, remediate and disabled", () => {
        const c = load(
            JSON.stringify({
                all: "advisory",
                "backup-retention": { enforcementLevel: "remediate", minBackupRetentionDays: 7 },
                "kms-key-rotation": "mandatory",
                "gpu-pool-scale-to-zero-spot": "disabled",
            }),
        );
        assert.deepStrictEqual(c.get("backup-retention"), { enforcementLevel: "remediate", properties: { minBackupRetentionDays: 7 } });
        assert.deepStrictEqual(c.get("kms-key-rotation"), { enforcementLevel: "mandatory", properties: { maxRotationDays: 365 } }, "the schema's default stays");
        assert.strictEqual(c.get("gpu-pool-scale-to-zero-spot")!.enforcementLevel, "disabled");
        assert.deepStrictEqual(c.get("storage-default-immutability"), { enforcementLevel: "advisory", properties: { minLockDays: 30 } }, "`all` sets the level only");
    });
});
