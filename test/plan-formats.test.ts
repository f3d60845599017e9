import Ajv from "ajv-draft-04";
import * as assert from "assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { Log } from "sarif";
import { planMarkdown } from "../tools/offline/markdown";
import { pack, PlanResult } from "../tools/offline/plan";
import { fixOf, planSarif } from "../tools/offline/sarif";
import { planCommand } from "./support/command";
import { sharedPlan } from "./support/plans";
import { projectRoot } from "../tools/offline/project-root";

// The pull-request formats of `npm run plan`: SARIF for GitHub code scanning, Markdown for a job
// summary or a PR comment. Both are built from one plan with a mandatory violation.

const root = projectRoot;
const sarifSchema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

describe("plan formats for pull requests", () => {
    let dir: string;
    let strictConfig: string;
    let result: PlanResult;
    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), "adp-formats-"));
        strictConfig = path.join(dir, "strict.json");
        // No stream keeps messages for 10 years: requiring it makes stream-retention fail on every topic.
        writeFileSync(strictConfig, JSON.stringify({ all: "advisory", "stream-retention": { enforcementLevel: "mandatory", minRetentionHours: 87600 } }));
        result = await sharedPlan({ stack: "dev", configFile: path.join(root, "examples", "aws-dev.yaml"), policyPackConfig: strictConfig });
        assert.ok(result.analysis.violations.some((v) => v.level === "mandatory"), "the plan has a mandatory violation to report");
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    describe("--format sarif", () => {
        it("is a valid SARIF 2.1.0 log (the OASIS schema)", () => {
            const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
            const validate = ajv.compile(sarifSchema);
            const log = planSarif(result, pack);
            assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
            assert.strictEqual(log.version, "2.1.0");
        });

        it("has a rule per policy and a result per violation: the policy as rule, error or warning by level, the resource's URN, the fix, at the stack file", () => {
            const log: Log = planSarif(result, pack);
            const run = log.runs[0];
            const rules = run.tool.driver.rules!;
            assert.deepStrictEqual(rules.map((x) => x.id), pack.policies.map((p) => p.name));
            assert.strictEqual(run.results!.length, result.analysis.violations.length + result.offlineOnly.length);
            const mandatory = result.analysis.violations.find((v) => v.level === "mandatory")!;
            const found = run.results!.find((x) => x.ruleId === mandatory.policy && x.locations![0].logicalLocations![0].fullyQualifiedName === mandatory.urn)!;
            assert.ok(found, "the mandatory violation is a result");
            assert.strictEqual(found.level, "error");
            assert.strictEqual(rules[found.ruleIndex!].id, mandatory.policy);
            assert.strictEqual(found.locations![0].physicalLocation!.artifactLocation!.uri, "examples/aws-dev.yaml");
            assert.ok(found.message.text!.includes(mandatory.detail));
            assert.ok(found.message.text!.includes(`Fix: ${fixOf(mandatory.description)}`));
            assert.ok(run.results!.filter((x) => x.level === "warning").length >= 1, "advisory violations are warnings");
            assert.strictEqual(new Set(run.results!.map((x) => x.partialFingerprints!["policyResource/v1"])).size, run.results!.length, "one fingerprint per finding");
        });
    });

    describe("--format markdown", () => {
        it("says whether the plan would block, and lists violations by level and resources by component", () => {
            const md = planMarkdown(result);
            assert.match(md.split("\n")[0], /^### ❌ Offline plan · `examples\/aws-dev\.yaml` · aws dev$/);
            assert.match(md, /would be blocked/);
            const mandatory = md.slice(md.indexOf("#### Mandatory"), md.indexOf("#### Advisory") > 0 ? md.indexOf("#### Advisory") : undefined);
            assert.match(mandatory, /\| `stream-retention` \| `aws:msk\/topic:Topic` /);
            assert.match(md, /\| ai-data-platform:stream:EventStreams "streams" \| \d+ \|/);
        });
    });

    describe("the command", () => {
        it("writes SARIF to --output and exits 1 on a mandatory violation", async () => {
            const out = path.join(dir, "plan.sarif");
            const res = await planCommand("--stack", "dev", "--config-file", "examples/aws-dev.yaml", "--policy-pack-config", strictConfig, "--format", "sarif", "--output", out);
            assert.strictEqual(res.status, 1, res.stderr);
            assert.strictEqual(res.stdout, "");
            assert.strictEqual((JSON.parse(readFileSync(out, "utf8")) as Log).runs[0].results!.some((x) => x.ruleId === "stream-retention" && x.level === "error"), true);
        });

        it("exits 2 with one line for an unknown format, or two formats at once", async () => {
            for (const args of [["--format", "html"], ["--json", "--format", "sarif"]]) {
                const res = await planCommand(...args);
                assert.strictEqual(res.status, 2);
                assert.match(res.stderr.split("\n")[0], /^error: (--format "html" is not one of text, json, sarif, markdown|--json and --format sarif ask for two formats; give one)$/);
            }
        });
    });
});
