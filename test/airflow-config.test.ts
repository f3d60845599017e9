import * as assert from "assert";
import { defaultChartVersion } from "../components/airflow/contract";
import { airflowRepo as repo } from "./support/airflow";
import { planCommand } from "./support/command";
import { assertRefused, configErrorFor, parsedConfig } from "./support/config";
import { stackConfig, writeStackFile } from "./support/stack";

// ai-data-platform:airflow (issue 13): defaults per environment, and every refusal as one line that
// names the key, the value and what is allowed.

const ns = "ai-data-platform";
const key = `${ns}:airflow`;
const airflow = (section: Record<string, unknown>) => ({ [key]: section });

function refused(section: Record<string, unknown>, expectedKey: string, given: string, allowed: RegExp, cloud: "aws" | "gcp" | "azure" = "aws", env: "dev" | "prod" = "prod", extra: Record<string, unknown> = {}) {
    const err = assertRefused(cloud, { ...airflow(section), ...extra }, expectedKey, allowed, env);
    assert.ok(err.message.startsWith(`invalid config ${ns}:${expectedKey}: got ${given}; allowed: `), err.message);
}

describe("ai-data-platform:airflow config", () => {
    describe("defaults", () => {
        it("no section, no Airflow", () => {
            assert.strictEqual(parsedConfig("aws").airflow, undefined);
        });
        it("prod: the pinned chart, KubernetesExecutor, main/dags of the repository, a small database with a standby, 3 retries", () => {
            assert.deepStrictEqual(parsedConfig("gcp", airflow({ dags: { repo } })).airflow, {
                chartVersion: defaultChartVersion,
                executor: "KubernetesExecutor",
                dags: { repo, branch: "main", subPath: "dags", credentialsSecret: "" },
                database: { tier: "small", highAvailability: true },
                defaultTaskRetries: 3,
            });
            assert.strictEqual(defaultChartVersion, "1.22.0");
        });
        it("dev: no standby (the embedded database is one pod)", () => {
            assert.deepStrictEqual(parsedConfig("azure", airflow({ dags: { repo } }), "dev").airflow?.database, { tier: "small", highAvailability: false });
        });
        it("keeps every key given, a user's own DAG bundle instead of a repository, and the multi-executor", () => {
            const bundle = { name: "s3", classpath: "airflow.providers.amazon.aws.bundles.s3.S3DagBundle", kwargs: { bucket_name: "dags" } };
            const a = parsedConfig("aws", airflow({ chartVersion: "1.23.1", executor: "CeleryExecutor,KubernetesExecutor", dags: { bundle }, database: { tier: "large", highAvailability: false }, defaultTaskRetries: 0 })).airflow;
            assert.deepStrictEqual(a, {
                chartVersion: "1.23.1",
                executor: "CeleryExecutor,KubernetesExecutor",
                dags: { branch: "main", subPath: "dags", credentialsSecret: "", bundle },
                database: { tier: "large", highAvailability: false },
                defaultTaskRetries: 0,
            });
        });
        it("accepts ssh and scp-style repository URLs and a credentials secret", () => {
            for (const url of ["ssh://git@github.com/acme/pipelines.git", "git@github.com:acme/pipelines.git"]) {
                assert.strictEqual(parsedConfig("aws", airflow({ dags: { repo: url, credentialsSecret: "pipelines-git" } })).airflow?.dags.repo, url);
            }
        });
    });

    describe("errors", () => {
        it("no repository and no bundle", () => {
            refused({}, "airflow.dags.repo", "nothing (not set)", /a git repository URL .*required unless airflow\.dags\.bundle is given/);
        });
        it("both a repository and a bundle", () => {
            refused({ dags: { repo, bundle: { name: "b", classpath: "x.Y" } } }, "airflow.dags.bundle", '{"name":"b","classpath":"x.Y","kwargs":{}}', /no bundle when airflow\.dags\.repo is given/);
        });
        it("a repository that is not a git URL", () => {
            refused({ dags: { repo: "github.com/acme" } }, "airflow.dags.repo", '"github.com/acme"', /https:\/\/host\/path\.git, ssh:\/\/git@host\/path\.git or git@host:path\.git/);
        });
        it("an executor that is not one of the three", () => {
            refused({ executor: "LocalExecutor", dags: { repo } }, "airflow.executor", '"LocalExecutor"', /^.*allowed: KubernetesExecutor \| CeleryExecutor \| CeleryExecutor,KubernetesExecutor$/);
        });
        it("a chart version that is a range, latest, or older than 1.22", () => {
            for (const v of ["^1.22.0", "latest", "1.21.0", "2.0.0"]) {
                refused({ chartVersion: v, dags: { repo } }, "airflow.chartVersion", JSON.stringify(v), /an exact chart version, 1\.22\.0 or a later 1\.x .*pinned: no range/);
            }
        });
        it("a database tier that is not small, medium or large", () => {
            refused({ dags: { repo }, database: { tier: "xl" } }, "airflow.database.tier", '"xl"', /small \| medium \| large/);
        });
        it("highAvailability that is not a boolean, and true in dev", () => {
            refused({ dags: { repo }, database: { highAvailability: "yes" } }, "airflow.database.highAvailability", '"yes"', /true \| false/);
            refused({ dags: { repo }, database: { highAvailability: true } }, "airflow.database.highAvailability", "true", /false in dev: it runs the chart's embedded PostgreSQL/, "gcp", "dev");
        });
        it("negative or fractional retries", () => {
            refused({ dags: { repo }, defaultTaskRetries: -1 }, "airflow.defaultTaskRetries", "-1", /a whole number of retries, 0 or more/);
            refused({ dags: { repo }, defaultTaskRetries: 1.5 }, "airflow.defaultTaskRetries", "1.5", /a whole number of retries, 0 or more/);
        });
        it("a subPath that leaves the repository, and a secret name Kubernetes refuses", () => {
            refused({ dags: { repo, subPath: "../etc" } }, "airflow.dags.subPath", '"../etc"', /relative and without "\.\."/);
            refused({ dags: { repo, subPath: "/dags" } }, "airflow.dags.subPath", '"/dags"', /relative/);
            refused({ dags: { repo, credentialsSecret: "Git_Creds" } }, "airflow.dags.credentialsSecret", '"Git_Creds"', /the name of a Kubernetes Secret/);
        });
        it("an empty branch, and a bundle without its class", () => {
            refused({ dags: { repo, branch: "" } }, "airflow.dags.branch", '""', /a branch \(or tag\) of the repository/);
            refused({ dags: { bundle: { name: "s3" } } }, "airflow.dags.bundle.classpath", "nothing (not set)", /the bundle's Python class/);
        });
        it("an unknown key, with a suggestion", () => {
            refused({ dags: { repo }, retries: 2 }, "airflow.retries", "2", /one of the keys chartVersion, executor, dags, database, defaultTaskRetries/);
            refused({ dags: { repo, brnch: "x" } }, "airflow.dags.brnch", '"x"', /did you mean branch\?/);
        });
        it("a section that is not an object", () => {
            const err = configErrorFor("aws", { [key]: "yes" });
            assert.strictEqual(err.key, key);
        });
        it("azure prod: backups kept fewer than the 7 days the flexible server allows", () => {
            refused({ dags: { repo } }, "backup.retentionDays", "3", /7 or more on azure with airflow in prod/, "azure", "prod", { [`${ns}:backup`]: { retentionDays: 3 }, [`${ns}:lake`]: { lockDays: 3 } });
        });
        it("ends `npm run plan` with exit code 2 and the one line", async () => {
            const file = writeStackFile(stackConfig("aws", "prod", airflow({ executor: "SequentialExecutor", dags: { repo } })));
            const r = await planCommand("--stack", "prod", "--config-file", file);
            assert.strictEqual(r.status, 2);
            assert.match(r.stderr, /^error: invalid config ai-data-platform:airflow\.executor: got "SequentialExecutor"; allowed: KubernetesExecutor \| CeleryExecutor \| CeleryExecutor,KubernetesExecutor\n$/);
        });
    });
});
