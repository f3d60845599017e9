import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { policies } from "../policy/policies";
import { ConfigError, defaults, parsePlatformConfig } from "../stacks/config";
import { planCommand } from "./support/command";
import { flatConfig } from "./support/config";
import { startProcess } from "./support/processes";
import { writeStackFile, stackConfig } from "./support/stack";
import { tempDir } from "./support/temp";
import { projectRoot } from "../tools/offline/project-root";

const ns = "ai-data-platform";
const id = { project: ns, stack: "prod" };
const aws = (overrides: Record<string, unknown> = {}) => flatConfig(stackConfig("aws", "prod", overrides));

function rejects(config: Record<string, string>, key: string, given: string, allowed: RegExp, stack = "prod"): ConfigError {
    let caught: unknown;
    try {
        parsePlatformConfig(config, { ...id, stack });
    } catch (err) {
        caught = err;
    }
    assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${caught}`);
    assert.strictEqual(caught.key, key);
    assert.match(caught.message, new RegExp(`^invalid config ${key.replace(/[.]/g, "\\.")}: got ${given.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}; allowed: `));
    assert.match(caught.message, allowed);
    assert.ok(!caught.message.includes("\n"), "one line");
    return caught;
}

describe("stack config", () => {
    describe("defaults", () => {
        it("prod gets the strict defaults and dev the cheap ones", () => {
            const prod = parsePlatformConfig(aws(), id);
            assert.deepStrictEqual(prod.lake, defaults.prod.lake);
            assert.deepStrictEqual(prod.backup, { retentionDays: 35 });
            assert.strictEqual(prod.lake.lockDays, 35);
            const dev = parsePlatformConfig(flatConfig(stackConfig("aws", "dev")), { ...id, stack: "dev" });
            assert.deepStrictEqual(dev.lake, defaults.dev.lake);
            assert.strictEqual(dev.lake.lockDays, 0);
        });
        it("keeps defaults for the lake keys a user leaves out", () => {
            const cfg = parsePlatformConfig(aws({ [`${ns}:lake`]: { archiveAfterDays: 180 } }), id);
            assert.deepStrictEqual(cfg.lake, { ...defaults.prod.lake, archiveAfterDays: 180 });
        });
        it("takes the environment from the stack name when it is dev or prod, and requires it otherwise", () => {
            const { [`${ns}:environment`]: _, ...noEnv } = aws();
            assert.strictEqual(parsePlatformConfig(noEnv, { ...id, stack: "dev" }).environment, "dev");
            rejects(noEnv, `${ns}:environment`, "nothing (not set)", /dev \| prod/, "staging");
        });
    });

    describe("errors: exit 2 material, one line naming the key, the value and what is allowed", () => {
        it("an unknown key in the namespace, with a suggestion", () => {
            rejects(aws({ [`${ns}:lakee`]: { coldAfterDays: 30 } }), `${ns}:lakee`, '{"coldAfterDays":30}', /one of the keys cloud, environment, region, backupRegion, lake, backup, network, kubernetes, inference, stream, featureStore, airflow \(did you mean lake\?\)/);
        });
        it("an unknown key inside an object", () => {
            rejects(aws({ [`${ns}:lake`]: { coldAfterDay: 30 } }), `${ns}:lake.coldAfterDay`, "30", /coldAfterDays, archiveAfterDays, noncurrentVersionDays, lockDays, lockMode \(did you mean coldAfterDays\?\)/);
        });
        it("a cloud that is not one of the three, or none", () => {
            rejects(aws({ [`${ns}:cloud`]: "oracle" }), `${ns}:cloud`, '"oracle"', /aws \| gcp \| azure/);
            const { [`${ns}:cloud`]: _, ...noCloud } = aws();
            rejects(noCloud, `${ns}:cloud`, "nothing (not set)", /aws \| gcp \| azure/);
        });
        it("a region of another cloud", () => {
            rejects(flatConfig(stackConfig("gcp", "prod", { [`${ns}:region`]: "us-east-1" })), `${ns}:region`, '"us-east-1"', /a gcp region \("us-east-1" is an aws region; ai-data-platform:cloud is gcp\): us-central1, /);
            rejects(aws({ [`${ns}:backupRegion`]: "westeurope" }), `${ns}:backupRegion`, '"westeurope"', /an aws region \("westeurope" is an azure region/);
        });
        it("a region no cloud has", () => {
            rejects(aws({ [`${ns}:region`]: "us-esat-1" }), `${ns}:region`, '"us-esat-1"', /an aws region: us-east-1, us-east-2/);
        });
        it("a backup region equal to the region", () => {
            rejects(aws({ [`${ns}:backupRegion`]: "us-east-1" }), `${ns}:backupRegion`, '"us-east-1"', /an aws region other than ai-data-platform:region \(us-east-1\)/);
        });
        it("a negative, fractional or non-numeric day count", () => {
            rejects(aws({ [`${ns}:lake`]: { coldAfterDays: -1 } }), `${ns}:lake.coldAfterDays`, "-1", /a whole number of days, 1 or more/);
            rejects(aws({ [`${ns}:lake`]: { lockDays: -5 } }), `${ns}:lake.lockDays`, "-5", /a whole number of days, 0 or more/);
            rejects(aws({ [`${ns}:backup`]: { retentionDays: 1.5 } }), `${ns}:backup.retentionDays`, "1.5", /a whole number of days, 1 or more/);
            rejects(aws({ [`${ns}:lake`]: { noncurrentVersionDays: "a year" } }), `${ns}:lake.noncurrentVersionDays`, '"a year"', /a whole number of days/);
        });
        it("inverted tiering: archive not after cold", () => {
            rejects(aws({ [`${ns}:lake`]: { coldAfterDays: 60, archiveAfterDays: 60 } }), `${ns}:lake.archiveAfterDays`, "60", /more days than lake\.coldAfterDays \(60\)/);
        });
        it("versions that would expire before their lock", () => {
            rejects(aws({ [`${ns}:lake`]: { lockDays: 90, noncurrentVersionDays: 30 } }), `${ns}:lake.noncurrentVersionDays`, "30", /90 or more \(lake\.lockDays\)/);
        });
        it("a prod lock shorter than the backups' retention", () => {
            rejects(aws({ [`${ns}:lake`]: { lockDays: 30 } }), `${ns}:lake.lockDays`, "30", /allowed: 35 or more in prod \(backup\.retentionDays\): versions must stay locked as long as backups are kept$/);
            rejects(aws({ [`${ns}:backup`]: { retentionDays: 90 } }), `${ns}:lake.lockDays`, "35", /allowed: 90 or more in prod/);
            assert.doesNotThrow(() => parsePlatformConfig(aws({ [`${ns}:lake`]: { lockDays: 40 } }), id));
            assert.doesNotThrow(() => parsePlatformConfig(flatConfig(stackConfig("aws", "dev", { [`${ns}:lake`]: { lockDays: 0 } })), { ...id, stack: "dev" }), "dev may lock less");
            const gcp = (lockDays: number) => flatConfig(stackConfig("gcp", "prod", { [`${ns}:lake`]: { lockDays }, [`${ns}:backup`]: { retentionDays: 365 } }));
            rejects(gcp(60), `${ns}:lake.lockDays`, "60", /allowed: 90 or more in prod \(backup\.retentionDays, capped at the 90 days gcp can lock\)/);
            assert.doesNotThrow(() => parsePlatformConfig(gcp(90), id), "as long as the cloud can lock");
        });
        it("a value where an object of settings belongs", () => {
            rejects(aws({ [`${ns}:lake`]: "cold" }), `${ns}:lake`, '"cold"', /an object with the keys coldAfterDays, archiveAfterDays, noncurrentVersionDays, lockDays, lockMode/);
            rejects(aws({ [`${ns}:backup`]: [35] }), `${ns}:backup`, "[35]", /an object with the keys retentionDays/);
        });
        it("a backup alert email that is not one address, and the address when it is", () => {
            for (const bad of ["oncall", "a@b", "a@example.com, b@example.com", ""]) {
                rejects(aws({ [`${ns}:backup`]: { alertEmail: bad } }), `${ns}:backup.alertEmail`, JSON.stringify(bad), /one email address such as data-oncall@example\.com, mailed when a backup or a copy to the backup region fails/);
            }
            assert.strictEqual(parsePlatformConfig(aws({ [`${ns}:backup`]: { alertEmail: "data-oncall@example.com" } }), id).backup.alertEmail, "data-oncall@example.com");
        });
        it("a lock mode that does not exist", () => {
            rejects(aws({ [`${ns}:lake`]: { lockMode: "strict" } }), `${ns}:lake.lockMode`, '"strict"', /governance \| compliance/);
        });
        it("AWS limits: STANDARD_IA no earlier than 30 days, and 30 days between it and the archive class", () => {
            rejects(aws({ [`${ns}:lake`]: { coldAfterDays: 10 } }), `${ns}:lake.coldAfterDays`, "10", /30 or more on aws/);
            rejects(aws({ [`${ns}:lake`]: { coldAfterDays: 30, archiveAfterDays: 45 } }), `${ns}:lake.archiveAfterDays`, "45", /60 or more on aws/);
        });
        it("gcp without a project", () => {
            const { "gcp:project": _, ...noProject } = flatConfig(stackConfig("gcp", "prod"));
            rejects(noProject, "gcp:project", "nothing (not set)", /the id of the GCP project to deploy into/);
        });
    });
});

describe("the program under the Pulumi CLI", () => {
    it("turns a config mistake into a RunError, which Pulumi prints as one line without a stack trace", async () => {
        const pulumi = await import("@pulumi/pulumi");
        const { runProgram } = await import("../tools/offline/run");
        const entry = require.resolve("../stacks/index");
        delete require.cache[entry];
        let caught: unknown;
        await runProgram({
            project: ns,
            stack: "prod",
            config: flatConfig(stackConfig("aws", "prod", { [`${ns}:lake`]: { lockDays: -1 } })),
            program: () => {
                try {
                    require(entry);
                } catch (err) {
                    caught = err;
                }
            },
        });
        assert.ok(caught instanceof pulumi.RunError, `expected a RunError, got ${caught}`);
        assert.strictEqual((caught as Error).message, "invalid config ai-data-platform:lake.lockDays: got -1; allowed: a whole number of days, 0 or more");
    });
});

describe("npm run plan (the command)", () => {
    const root = projectRoot;
    // In-process, as `npm run plan` runs it (tools/plan.ts only hands over argv and the streams); the
    // one run through a real process is "the command, end to end" below.
    const run = planCommand;

    // The real processes this describe needs start now, while mocha loads the file, and run beside the
    // other tests (support/processes.ts). Each plan process records the provider SDKs it loaded
    // (support/loaded-sdks.ts): the end-to-end run is the AWS stack's check; GCP's and Azure's plan
    // their dev examples with the command as this suite runs it (compiled by npm test, else ts-node), and
    // so does the bad-flag run (its exit status through a real process; one ts-node start is enough).
    const sdksDir = tempDir("sdks");
    const sdksFile = (cloud: string) => path.join(sdksDir, `${cloud}.json`);
    const tsNode = ["-r", "ts-node/register/transpile-only"];
    const recordSdks = ["-r", require.resolve("./support/loaded-sdks")];
    const planScript = require.resolve("../tools/plan");
    const suiteLoader = planScript.endsWith(".ts") ? tsNode : [];
    const planProcess = (loader: string[], script: string, cloud: string, args: string[]) =>
        startProcess([...loader, ...recordSdks, script, ...args], { cwd: root, env: { ...process.env, ADP_LOADED_SDKS: sdksFile(cloud) } });
    const processes = {
        endToEnd: planProcess(tsNode, path.join(root, "tools", "plan.ts"), "aws", ["--stack", "dev", "--json"]),
        badFlag: startProcess([...suiteLoader, planScript, "--stak"], { cwd: root }),
        gcp: planProcess(suiteLoader, planScript, "gcp", ["--stack", "dev", "--config-file", path.join(root, "examples/gcp-dev.yaml"), "--json"]),
        azure: planProcess(suiteLoader, planScript, "azure-native", ["--stack", "dev", "--config-file", path.join(root, "examples/azure-dev.yaml"), "--json"]),
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
            const res = await run("--config-file", writeStackFile(config));
            assert.strictEqual(res.status, 2, res.stderr);
            assert.strictEqual(res.stdout, "");
            const lines = res.stderr.trim().split("\n");
            assert.strictEqual(lines.length, 1, res.stderr);
            assert.match(lines[0], expected);
        });
    }

    it("exits 2 on a bad flag, a missing stack file, and an invalid policy pack config", async () => {
        const flag = await run("--stak", "dev");
        assert.strictEqual(flag.status, 2);
        assert.match(flag.stderr, /^error: Unknown option '--stak'/);
        const missing = await run("--stack", "nope");
        assert.strictEqual(missing.status, 2);
        assert.match(missing.stderr, /^error: no stack file Pulumi\.nope\.yaml .*\(stacks here: dev, prod\)/);
        const badPolicy = writeStackFile({});
        require("fs").writeFileSync(badPolicy, JSON.stringify({ "backup-retention": { minBackupRetentionDays: "a month" } }));
        const policy = await run("--stack", "dev", "--policy-pack-config", badPolicy);
        assert.strictEqual(policy.status, 2);
        assert.strictEqual(policy.stderr, 'error: validating policy config for "ai-data-platform": backup-retention: minBackupRetentionDays: Invalid type. Expected: integer, given: string\n');
        const noLevel = writeStackFile({});
        require("fs").writeFileSync(noLevel, JSON.stringify({ "storage-versoning": { foo: 1 } }));
        const unknown = await run("--stack", "dev", "--policy-pack-config", noLevel);
        assert.strictEqual(unknown.status, 2);
        assert.strictEqual(unknown.stderr, 'error: configuring policy pack "ai-data-platform": invalid enforcement level ""\n');
    });

    it("exits 1 when a mandatory policy is violated, and says which in --json", async () => {
        const res = await run("--json", "--stack", "prod", "--config-file", writeStackFile(stackConfig("aws", "prod", { [`${ns}:lake`]: { lockDays: 1 }, [`${ns}:backup`]: { retentionDays: 1 } })));
        assert.strictEqual(res.status, 1, res.stderr);
        const doc = JSON.parse(res.stdout);
        const immutability = doc.violations.filter((v: { policy: string }) => v.policy === "storage-default-immutability");
        assert.strictEqual(immutability.length, 2, "lake and replica");
        assert.ok(immutability.every((v: { level: string; urn: string }) => v.level === "mandatory" && v.urn.includes("aws:s3/bucket:Bucket")));
        const retention = doc.violations.filter((v: { policy: string }) => v.policy === "backup-retention");
        assert.ok(retention.length > 0 && retention.every((v: { level: string; message: string }) => v.level === "mandatory" && /keeps backups 1 days?/.test(v.message)), JSON.stringify(retention));
    });

    it("exits 0 on the dev stack and prints the --json document users script against", async () => {
        const res = await run("--stack", "dev", "--json");
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
        const res = await run("--stack", "prod");
        assert.strictEqual(res.status, 0, res.stderr);
        assert.match(res.stdout, /^ai-data-platform:index:Platform "platform"$/m);
        assert.match(res.stdout, /^│  └─ aws:s3\/bucket:Bucket "lake"  \[via primary, retain\]$/m);
        assert.match(res.stdout, new RegExp(`^Policies · pack ai-data-platform · config policy/config/prod\\.json \\(the default for prod; .*\\) · ${policies.length - 1} evaluated$`, "m"), "all but the dev-only policy");
        assert.match(res.stdout, /^Summary: \d+ resources .* 0 mandatory, 0 advisory violations · OK$/m);
    });

    it("the command, end to end: tools/plan.ts under ts-node, as `npm run plan` starts it, exits with the plan's status", async () => {
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
