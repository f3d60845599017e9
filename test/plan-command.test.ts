import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { policies } from "../policy/policies";
import { runPlanCommand } from "../tools/offline/cli";
import { planCommand } from "./support/command";
import { startProcess } from "./support/processes";
import { writeStackFile, stackConfig } from "./support/stack";
import { tempDir } from "./support/temp";
import { projectRoot } from "../tools/offline/project-root";

const ns = "ai-data-platform";

describe("npm run plan (the command)", () => {
    const root = projectRoot;
    // planCommand runs the command in-process, as `npm run plan` runs it (tools/plan.ts only hands over
    // argv and the streams); the one run through a real process is "the command, end to end" below.

    // The real processes this describe needs start now, while mocha loads the file, and run beside the
    // other tests (support/processes.ts). Each plan process records the provider SDKs it loaded
    // (support/loaded-sdks.ts): the end-to-end run is the AWS stack's check; GCP's and Azure's plan
    // their dev examples with the command as this suite runs it (compiled by npm test, else under the
    // project's loader), and so does the bad-flag run (its exit status through a real process).
    const sdksDir = tempDir("sdks");
    const sdksFile = (cloud: string) => path.join(sdksDir, `${cloud}.json`);
    // What `npm run plan` runs (package.json), after `node`: the end-to-end run starts exactly that.
    const [node, ...npmRunPlan] = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.plan.split(" ");
    const recordSdks = ["-r", require.resolve("./support/loaded-sdks")];
    const planScript = require.resolve("../tools/plan");
    const suitePlan = planScript.endsWith(".ts") ? ["-r", path.join(root, "tools", "ts-node.js"), planScript] : [planScript];
    // The recorder loads after the command line's own loader (it may be TypeScript), before the script.
    const planProcess = (commandLine: string[], cloud: string, args: string[]) =>
        startProcess([...commandLine.slice(0, -1), ...recordSdks, ...commandLine.slice(-1), ...args], { cwd: root, env: { ...process.env, ADP_LOADED_SDKS: sdksFile(cloud) } });
    const processes = {
        endToEnd: planProcess(npmRunPlan, "aws", ["--stack", "dev", "--json"]),
        badFlag: startProcess([...suitePlan, "--stak"], { cwd: root }),
        gcp: planProcess(suitePlan, "gcp", ["--stack", "dev", "--config-file", path.join(root, "examples/gcp-dev.yaml"), "--json"]),
        azure: planProcess(suitePlan, "azure-native", ["--stack", "dev", "--config-file", path.join(root, "examples/azure-dev.yaml"), "--json"]),
    };

    const badConfigs: [string, Record<string, unknown>, RegExp][] = [
        ["an unknown key", stackConfig("aws", "prod", { [`${ns}:lakee`]: {} }), /^error: invalid config ai-data-platform:lakee: got \{\}; allowed: one of the keys/],
        ["a region of another cloud", stackConfig("aws", "prod", { [`${ns}:region`]: "us-central1" }), /^error: invalid config ai-data-platform:region: got "us-central1"; allowed: an aws region/],
        ["backupRegion equal to region", stackConfig("azure", "dev", { [`${ns}:backupRegion`]: "eastus2" }), /^error: invalid config ai-data-platform:backupRegion: got "eastus2"; allowed: an azure region other than/],
        ["a negative day count", stackConfig("gcp", "prod", { [`${ns}:lake`]: { noncurrentVersionDays: -30 } }), /^error: invalid config ai-data-platform:lake\.noncurrentVersionDays: got -30; allowed: a whole number of days, 1 or more/],
        ["an inverted day count", stackConfig("aws", "dev", { [`${ns}:lake`]: { coldAfterDays: 90, archiveAfterDays: 30 } }), /^error: invalid config ai-data-platform:lake\.archiveAfterDays: got 30; allowed: more days than/],
    ];
    for (const [what, config, expected] of badConfigs) {
        it(`exits 2 with one readable line and no stack trace for ${what}`, async () => {
            const res = await planCommand("--config-file", writeStackFile(config));
            assert.strictEqual(res.status, 2, res.stderr);
            assert.strictEqual(res.stdout, "");
            const lines = res.stderr.trim().split("\n");
            assert.strictEqual(lines.length, 1, res.stderr);
            assert.match(lines[0], expected);
        });
    }

    it("exits 2 on a bad flag, a missing stack file, and an invalid policy pack config", async () => {
        const flag = await planCommand("--stak", "dev");
        assert.strictEqual(flag.status, 2);
        assert.match(flag.stderr, /^error: Unknown option '--stak'/);
        const missing = await planCommand("--stack", "nope");
        assert.strictEqual(missing.status, 2);
        assert.match(missing.stderr, /^error: no stack file Pulumi\.nope\.yaml .*\(stacks here: dev, prod\)/);
        const badPolicy = writeStackFile({});
        writeFileSync(badPolicy, JSON.stringify({ "backup-retention": { minBackupRetentionDays: "a month" } }));
        const policy = await planCommand("--stack", "dev", "--policy-pack-config", badPolicy);
        assert.strictEqual(policy.status, 2);
        assert.strictEqual(policy.stderr, 'error: validating policy config for "ai-data-platform": backup-retention: minBackupRetentionDays: Invalid type. Expected: integer, given: string\n');
        const noLevel = writeStackFile({});
        writeFileSync(noLevel, JSON.stringify({ "storage-versoning": { foo: 1 } }));
        const unknown = await planCommand("--stack", "dev", "--policy-pack-config", noLevel);
        assert.strictEqual(unknown.status, 2);
        assert.strictEqual(unknown.stderr, 'error: configuring policy pack "ai-data-platform": invalid enforcement level ""\n');
    });

    it("exits 3 when the program fails, having run it again with stack traces so the error says where", async () => {
        const limits: number[] = [];
        let stderr = "";
        const status = await runPlanCommand(["--stack", "dev"], { stdout: () => undefined, stderr: (t) => (stderr += t) }, async () => {
            limits.push(Error.stackTraceLimit);
            throw new Error("the program broke");
        });
        assert.strictEqual(status, 3);
        assert.deepStrictEqual(limits, [0, limits[1]], "first without stack traces, then with them");
        assert.ok(limits[1] > 0, `stack traces back on for the second run (limit ${limits[1]})`);
        assert.match(stderr, /^error: the program failed: Error: the program broke\n\s+at /);
    });

    it("exits 1 when a mandatory policy is violated, and says which in --json", async () => {
        const res = await planCommand("--json", "--stack", "test", "--config-file", writeStackFile(stackConfig("aws", "prod", { [`${ns}:lake`]: { lockDays: 1 }, [`${ns}:backup`]: { retentionDays: 1 } })));
        assert.strictEqual(res.status, 1, res.stderr);
        const doc = JSON.parse(res.stdout);
        const immutability = doc.violations.filter((v: { policy: string }) => v.policy === "storage-default-immutability");
        assert.strictEqual(immutability.length, 2, "lake and replica");
        assert.ok(immutability.every((v: { level: string; urn: string }) => v.level === "mandatory" && v.urn.includes("aws:s3/bucket:Bucket")));
        const retention = doc.violations.filter((v: { policy: string }) => v.policy === "backup-retention");
        assert.ok(retention.length > 0 && retention.every((v: { level: string; message: string }) => v.level === "mandatory" && /keeps backups 1 days?/.test(v.message)), JSON.stringify(retention));
    });

    it("exits 0 on the dev stack and prints the --json document users script against", async () => {
        const res = await planCommand("--stack", "dev", "--json");
        assert.strictEqual(res.status, 0, res.stderr);
        const doc = JSON.parse(res.stdout);
        assert.deepStrictEqual([doc.stack, doc.cloud, doc.environment], ["dev", "aws", "dev"]);
        for (const field of ["urn", "type", "name", "parent", "provider", "protect", "retainOnDelete", "dependencies", "inputs"]) {
            assert.ok(doc.resources.every((r: Record<string, unknown>) => field in r), `every resource has ${field}`);
        }
        const bucket = doc.resources.find((r: { type: string; name: string }) => r.type === "aws:s3/bucket:Bucket" && r.name === "lake");
        assert.match(bucket.parent, /ai-data-platform:storage:DataLake::lake$/);
        assert.match(bucket.provider, /pulumi:providers:aws::primary$/);
        assert.deepStrictEqual(doc.violations, []);
    });

    it("prints the resource tree, the policy report and the summary", async () => {
        const res = await planCommand("--stack", "prod");
        assert.strictEqual(res.status, 0, res.stderr);
        assert.match(res.stdout, /^ai-data-platform:index:Platform "platform"$/m);
        assert.match(res.stdout, /^│  └─ aws:s3\/bucket:Bucket "lake"  \[via primary, retain\]$/m);
        assert.match(res.stdout, new RegExp(`^Policies · pack ai-data-platform · config policy/config/prod\\.json \\(the default for prod; .*\\) · ${policies.length - 1} evaluated$`, "m"), "all but the dev-only policy");
        assert.match(res.stdout, /^Summary: \d+ resources .* 0 mandatory, 0 advisory violations · OK$/m);
    });

    it("the command, end to end: what `npm run plan` runs (tools/plan.ts under the project's ts-node loader) exits with the plan's status", async () => {
        assert.strictEqual(node, "node", "package.json's plan script starts node");
        const res = await processes.endToEnd;
        assert.strictEqual(res.status, 0, res.stderr);
        assert.deepStrictEqual(JSON.parse(res.stdout).violations, []);
        const bad = await processes.badFlag;
        assert.strictEqual(bad.status, 2);
    });

    it("loads only the chosen cloud's provider SDK", async () => {
        for (const [cloud, run] of [
            ["aws", processes.endToEnd],
            ["gcp", processes.gcp],
            ["azure-native", processes.azure],
        ] as const) {
            const res = await run;
            assert.strictEqual(res.status, 0, res.stderr);
            assert.deepStrictEqual(JSON.parse(readFileSync(sdksFile(cloud), "utf8")), [cloud], `a ${cloud} stack`);
        }
    });
});
