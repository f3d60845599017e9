import * as assert from "assert";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { packEnforcementLevel, policies } from "../../policy/policies";
import { loadPackConfigFile, reconcilePackConfig } from "../../tools/offline/pack-config";
import { projectRoot } from "../../tools/offline/project-root";

const root = projectRoot;
const config = (env: string) => reconcilePackConfig(policies, loadPackConfigFile(path.join(root, "policy", "config", `${env}.json`)));

describe("policy pack", () => {
    it("has one uniquely named, kebab-case policy per concern, each telling the user how to fix a violation", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
            assert.match(p.description, /Fix: /, `${p.name} says how to fix it`);
        }
    });

    it("declares every threshold in configSchema with a default that validates", () => {
        const withThresholds = policies.filter((p) => p.configSchema).map((p) => p.name).sort();
        assert.deepStrictEqual(withThresholds, [
            "airflow-database-backups",
            "airflow-task-retries",
            "backup-retention",
            "feature-store-encryption-in-transit",
            "feature-store-engine-version",
            "feature-store-high-availability",
            "kms-key-rotation",
            "kubernetes-minimum-version",
            "kubernetes-node-disk-encryption",
            "storage-default-immutability",
            "storage-lifecycle-tiering",
            "storage-secure-transport",
            "stream-encryption-in-transit",
            "stream-replication-durability",
            "stream-retention",
        ]);
        const defaults = reconcilePackConfig(policies);
        assert.strictEqual(defaults.get("storage-default-immutability")!.properties.minLockDays, 30);
        assert.strictEqual(defaults.get("backup-retention")!.properties.minBackupRetentionDays, 35);
        assert.strictEqual(defaults.get("airflow-database-backups")!.properties.minBackupRetentionDays, 35);
        assert.strictEqual(defaults.get("airflow-task-retries")!.properties.minTaskRetries, 1);
    });

    it("blocks by default, is advisory in dev and mandatory in prod, with each environment's thresholds", () => {
        assert.strictEqual(packEnforcementLevel, "mandatory");
        const dev = config("dev");
        const prod = config("prod");
        const devOnly = ["gpu-pool-scale-to-zero-spot"];
        for (const p of policies) {
            assert.ok(["advisory", "disabled"].includes(dev.get(p.name)!.enforcementLevel!), `${p.name} does not block dev`);
            assert.strictEqual(prod.get(p.name)!.enforcementLevel, devOnly.includes(p.name) ? "disabled" : "mandatory", `${p.name} in prod`);
        }
        assert.strictEqual(dev.get("gpu-pool-scale-to-zero-spot")!.enforcementLevel, "advisory", "dev is told about idle GPUs, never blocked");
        assert.strictEqual(reconcilePackConfig(policies).get("gpu-pool-scale-to-zero-spot")!.enforcementLevel, "advisory", "without a config too");
        for (const p of ["data-retained-on-delete", "kubernetes-api-not-public", "stream-private-access", "stream-cross-region-replication"]) {
            assert.strictEqual(dev.get(p)!.enforcementLevel, "disabled", `${p}: prod-only`);
        }
        assert.deepStrictEqual([dev.get("storage-default-immutability")!.properties.minLockDays, prod.get("storage-default-immutability")!.properties.minLockDays], [0, 30]);
        assert.deepStrictEqual([dev.get("backup-retention")!.properties.minBackupRetentionDays, prod.get("backup-retention")!.properties.minBackupRetentionDays], [7, 35]);
    });

    it("is self-contained, as `pulumi policy publish` packs policy/ alone: it imports only its own files and its own dependencies, and declares no other", () => {
        const packDir = path.join(root, "policy");
        const declared = Object.keys(JSON.parse(readFileSync(path.join(packDir, "package.json"), "utf8")).dependencies);
        const files = (readdirSync(packDir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules"));
        assert.ok(files.length > 20, "the pack's sources were found");
        const matchesPackage = (fileName: string, pkg: string) => fileName === pkg || fileName.startsWith(`${pkg}/`);
        const imports = files.flatMap((file) => ts.preProcessFile(readFileSync(path.join(packDir, file), "utf8")).importedFiles.map(({ fileName }) => ({ file, fileName })));
        const outside: string[] = [];
        for (const { file, fileName } of imports) {
            const inside = fileName.startsWith(".")
                ? !path.relative(packDir, path.resolve(packDir, path.dirname(file), fileName)).startsWith("..")
                : declared.some((d) => matchesPackage(fileName, d));
            if (!inside) {
                outside.push(`${file} imports ${fileName}`);
            }
        }
        assert.deepStrictEqual(outside, []);
        // `pulumi policy publish` installs what the pack declares: nothing it does not import, but
        // @pulumi/pulumi, whose run-policy-pack is how the CLI runs the pack.
        const unused = declared.filter((d) => d !== "@pulumi/pulumi" && !imports.some(({ fileName }) => matchesPackage(fileName, d)));
        assert.deepStrictEqual(unused, [], "dependencies the pack never imports");
    });
});
