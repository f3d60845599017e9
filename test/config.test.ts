import * as assert from "assert";
import { ConfigError, defaults, parsePlatformConfig } from "../stacks/config";
import { flatConfig } from "./support/config";
import { stackConfig } from "./support/stack";

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
        const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
        const { runProgram }: typeof import("../tools/offline/run") = require("../tools/offline/run");
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
