import * as aws from "../../components/shared/sdk/aws";
import * as assert from "assert";
import { policies } from "../../policy/policies";
import { analyze } from "../../tools/offline/analyzer";
import { offlineOnlyFindings } from "../../tools/offline/offline-only";
import { reconcilePackConfig } from "../../tools/offline/pack-config";
import { pack } from "../../tools/offline/plan";
import { runProgram } from "../support/run";
import { evaluateFixture } from "../support/fixtures";
import { bucket, provider, replicate } from "./aws-fixture";

// Each policy against a violating and a compliant AWS setup, through the same offline preview and
// analyzer as `npm run plan`. A compliant bucket is a replicated pair, so that only the setting a
// test changes can make the policy under test speak.

function replicatedPair(lakeSpec: Parameters<typeof bucket>[1] extends infer S ? Omit<S, "provider"> : never = {}) {
    const east = provider("us-east-1");
    const west = provider("us-west-2");
    const lake = bucket("lake", { provider: east, ...lakeSpec });
    const replica = bucket("replica", { provider: west });
    replicate("lake", lake, replica, east);
    return { lake, replica };
}

const lakeUrn = (r: { resources: { urn: string; type: string; name: string }[] }) =>
    r.resources.find((x) => x.type === "aws:s3/bucket:Bucket" && x.name === "lake")!.urn;

describe("policies on AWS", () => {
    it("a fully protected, replicated pair of buckets passes every storage policy", async () => {
        const r = await evaluateFixture(() => replicatedPair());
        const storage = r.violations.filter((v) => v.policy.startsWith("storage-"));
        assert.deepStrictEqual(storage, []);
    });

    describe("storage-encryption-cmk", () => {
        it("flags a bucket encrypted with the S3-managed key", async () => {
            const r = await evaluateFixture(() => replicatedPair({ encryption: "aws-managed" }));
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v?.urn, lakeUrn(r));
            assert.match(v.message, /cloud-managed key/);
            assert.strictEqual(v.level, "mandatory");
            const policy = policies.find((p) => p.name === "storage-encryption-cmk")!;
            assert.strictEqual(v.message, `${policy.description}\n${v.detail}`, "the text the CLI shows: the description, a newline, what the policy said");
        });
        it("flags a bucket with no default encryption setting and a backup vault on the AWS managed key", async () => {
            const r = await evaluateFixture(() => {
                replicatedPair({ encryption: "none" });
                new aws.backup.Vault("vault", { kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:alias/aws/backup" }, { provider: provider("us-east-2") });
            });
            assert.deepStrictEqual(r.of("storage-encryption-cmk").map((v) => v.detail.split(" (")[0]).sort(), [
                'aws:backup/vault:Vault "vault"',
                'aws:s3/bucket:Bucket "lake"',
            ]);
        });
        it("reports, as the CLI does, that it cannot run when a backup vault leaves its key to AWS: the provider computes kmsKeyArn", async () => {
            const r = await evaluateFixture(() => {
                replicatedPair();
                new aws.backup.Vault("vault", {}, { provider: provider("us-east-2") });
            });
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-encryption-cmk' .* during preview: string value at \.kmsKeyArn/);
        });
        it("passes a bucket and a vault encrypted with a KMS key of the program, whose ARN is unknown during the preview", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("us-east-2");
                replicatedPair();
                new aws.backup.Vault("vault", { kmsKeyArn: new aws.kms.Key("vault", { enableKeyRotation: true }, { provider: p }).arn }, { provider: p });
            });
            assert.deepStrictEqual(r.of("storage-encryption-cmk"), []);
        });
        it("reports, as the CLI does, that it cannot run when the key is a value unknown during the preview and not a KMS key", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("us-east-1");
                const unrelated = new aws.ssm.Parameter("key-id", { type: "String", value: "x" }, { provider: p });
                const b = new aws.s3.Bucket("odd", { bucket: "odd-fixture" }, { provider: p });
                new aws.s3.BucketServerSideEncryptionConfiguration(
                    "odd",
                    { bucket: b.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: unrelated.arn } }] },
                    { provider: p },
                );
            });
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-encryption-cmk' .* during preview: string value at \.rules\.0\.applyServerSideEncryptionByDefault\.kmsMasterKeyId/);
        });
    });

    describe("kms-key-rotation", () => {
        it("flags a key without automatic rotation and one that rotates too rarely", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("us-east-1");
                new aws.kms.Key("never", {}, { provider: p });
                new aws.kms.Key("rarely", { enableKeyRotation: true, rotationPeriodInDays: 730 }, { provider: p });
            });
            const messages = r.of("kms-key-rotation").map((v) => v.detail).sort();
            assert.deepStrictEqual(messages, ['aws:kms/key:Key "never" does not rotate automatically.', 'aws:kms/key:Key "rarely" rotates every 730 days (at most 365).']);
        });
        it("passes a yearly-rotated key, honours maxRotationDays, and skips keys that cannot rotate", async () => {
            const r = await evaluateFixture(
                () => {
                    const p = provider("us-east-1");
                    new aws.kms.Key("yearly", { enableKeyRotation: true }, { provider: p });
                    new aws.kms.Key("signing", { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" }, { provider: p });
                },
                { policyConfig: { "kms-key-rotation": { maxRotationDays: 365 } } },
            );
            assert.deepStrictEqual(r.of("kms-key-rotation"), []);
            assert.ok(r.notApplicable.some((n) => n.policy === "kms-key-rotation" && /cannot rotate/.test(n.reason ?? "")));
            const strict = await evaluateFixture(() => new aws.kms.Key("yearly", { enableKeyRotation: true }, { provider: provider("us-east-1") }), {
                policyConfig: { "kms-key-rotation": { maxRotationDays: 180 } },
            });
            assert.match(strict.of("kms-key-rotation")[0].message, /rotates every 365 days \(at most 180\)/);
        });
    });

    describe("storage-versioning", () => {
        for (const versioning of ["Suspended", "inline-disabled"] as const) {
            it(`flags a bucket whose versioning is ${versioning === "Suspended" ? "suspended" : "disabled by the legacy inline setting"}`, async () => {
                const r = await evaluateFixture(() => replicatedPair({ versioning }));
                const [v] = r.of("storage-versioning");
                assert.strictEqual(v?.urn, lakeUrn(r));
                assert.match(v.message, /does not keep object versions/);
                assert.strictEqual(v.level, "mandatory");
            });
        }
        it("reports, as the CLI does, that it cannot run for a bucket whose versioning is never configured: the provider computes the inline setting", async () => {
            const r = await evaluateFixture(() => replicatedPair({ versioning: "none" }));
            const [v] = r.of("storage-versioning");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-versioning' .* during preview: .* at \.versioning can't be known/);
        });
        it("passes a BucketVersioning set to Enabled without reading the inline setting, and the legacy inline setting enabled", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-versioning"), []);
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair({ versioning: "inline-enabled" }))).of("storage-versioning"), []);
        });
    });

    describe("storage-public-access-blocked", () => {
        it("flags a partial public access block and ACLs left on", async () => {
            const r = await evaluateFixture(() => replicatedPair({ publicAccess: "no-restrict", ownership: false }));
            const [v] = r.of("storage-public-access-blocked");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /restrictPublicBuckets is not true/);
            assert.match(v.message, /ACLs are enabled/);
        });
        it("flags a bucket with no public access block", async () => {
            const r = await evaluateFixture(() => replicatedPair({ publicAccess: "none" }));
            assert.match(r.of("storage-public-access-blocked")[0].message, /no BucketPublicAccessBlock/);
        });
        it("passes a bucket with all four blocks and BucketOwnerEnforced", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-public-access-blocked"), []);
        });
    });

    describe("storage-secure-transport", () => {
        it("flags a bucket without a bucket policy", async () => {
            const r = await evaluateFixture(() => replicatedPair({ transport: "none" }));
            assert.match(r.of("storage-secure-transport")[0].message, /plain HTTP is not refused; TLS older than 1\.2 is accepted/);
        });
        it("flags a bucket that refuses HTTP but accepts old TLS", async () => {
            const r = await evaluateFixture(() => replicatedPair({ transport: { tlsOnly: true } }));
            const [v] = r.of("storage-secure-transport");
            assert.doesNotMatch(v.detail, /plain HTTP/);
            assert.match(v.message, /TLS older than 1\.2 is accepted/);
        });
        it("passes HTTPS-only with TLS 1.2, and applies a stricter minTlsVersion", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-secure-transport"), []);
            const strict = await evaluateFixture(() => replicatedPair(), { policyConfig: { "storage-secure-transport": { minTlsVersion: "1.3" } } });
            assert.match(strict.of("storage-secure-transport").find((v) => v.urn === lakeUrn(strict))!.message, /TLS older than 1\.3 is accepted \(minimum is 1\.2\)/);
        });
    });

    describe("storage-lifecycle-tiering", () => {
        it("flags a bucket with no lifecycle at all", async () => {
            const r = await evaluateFixture(() => replicatedPair({ lifecycle: "none" }));
            const [v] = r.of("storage-lifecycle-tiering");
            assert.match(v.message, /nothing moves to an infrequent-access class; nothing moves to an archive class; superseded versions never expire; incomplete uploads are never cleaned up/);
        });
        it("does not count a rule limited to a prefix (in its filter or, deprecated, its own) or a tag, and flags tiering later than the thresholds", async () => {
            const scopes = [{ prefix: "tmp/" }, { legacyPrefix: "tmp/" }, { tag: true }];
            for (const scope of scopes) {
                const limited = await evaluateFixture(() => replicatedPair({ lifecycle: { cold: 30, archive: 90, noncurrent: 30, abort: 7, ...scope } }));
                const [v] = limited.of("storage-lifecycle-tiering");
                assert.strictEqual(v?.level, "mandatory", JSON.stringify(scope));
                assert.match(v.message, /nothing moves to an infrequent-access class/);
            }
            const late = await evaluateFixture(() => replicatedPair({ lifecycle: { cold: 120, archive: 400, noncurrent: 30, abort: 7 } }));
            assert.match(late.of("storage-lifecycle-tiering")[0].message, /after 120 days \(at most 90\).*after 400 days \(at most 365\)/);
        });
        it("passes cold after 30 and archive after 90 days with noncurrent expiry and upload cleanup", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-lifecycle-tiering"), []);
        });
    });

    describe("storage-default-immutability", () => {
        it("flags a lock shorter than minLockDays and a bucket without Object Lock", async () => {
            const short = await evaluateFixture(() => replicatedPair({ lock: { days: 7, mode: "GOVERNANCE" } }));
            assert.match(short.of("storage-default-immutability")[0].message, /locks new versions for 7 days \(at least 30 required\)/);
            for (const lock of ["none", "unstated"] as const) {
                // Unstated: no lock configuration decides it without reading the flag the provider computes.
                const none = await evaluateFixture(() => replicatedPair({ lock }));
                const [v] = none.of("storage-default-immutability");
                assert.strictEqual(v?.level, "mandatory", lock);
                assert.match(v.message, /has no default immutability/);
            }
        });
        it("passes a 30-day lock, and accepts no lock where minLockDays is 0 (dev)", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-default-immutability"), []);
            const dev = await evaluateFixture(() => replicatedPair({ lock: "none" }), { policyConfig: { "storage-default-immutability": { minLockDays: 0 } } });
            assert.deepStrictEqual(dev.of("storage-default-immutability"), []);
        });
    });

    describe("storage-cross-region-replica", () => {
        it("flags a bucket that is not replicated", async () => {
            const r = await evaluateFixture(() => bucket("lake", { provider: provider("us-east-1") }));
            assert.match(r.of("storage-cross-region-replica")[0].message, /is not replicated to another region/);
        });
        it("flags replication into the same region and a disabled rule", async () => {
            const same = await evaluateFixture(() => {
                const east = provider("us-east-1");
                replicate("lake", bucket("lake", { provider: east }), bucket("replica", { provider: east }), east);
            });
            const [v] = same.of("storage-cross-region-replica");
            assert.strictEqual(v.urn, lakeUrn(same));
            assert.match(v.message, /replicated only within its own region \(us-east-1\)/);
            const disabled = await evaluateFixture(() => {
                const east = provider("us-east-1");
                replicate("lake", bucket("lake", { provider: east }), bucket("replica", { provider: provider("us-west-2") }), east, "Disabled");
            });
            assert.strictEqual(disabled.of("storage-cross-region-replica").length, 2, "neither bucket is a replica when the rule is disabled");
        });
        it("passes a bucket replicated to another region; the replica needs no replica of its own", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-cross-region-replica"), []);
        });
    });

    describe("backup-retention", () => {
        const plan = (deleteAfter: number, copyDeleteAfter?: number, continuous = false) => () => {
            const p = provider("us-east-1");
            new aws.backup.Plan(
                "plan",
                {
                    rules: [
                        {
                            ruleName: "daily",
                            targetVaultName: "vault",
                            schedule: "cron(0 3 ? * * *)",
                            enableContinuousBackup: continuous,
                            lifecycle: { deleteAfter },
                            copyActions: [{ destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:copy", ...(copyDeleteAfter ? { lifecycle: { deleteAfter: copyDeleteAfter } } : {}) }],
                        },
                    ],
                },
                { provider: p },
            );
        };
        it("flags a rule and a cross-region copy kept fewer days than required", async () => {
            const r = await evaluateFixture(plan(7));
            assert.deepStrictEqual(r.of("backup-retention").map((v) => v.detail), [
                'aws:backup/plan:Plan "plan": rule daily keeps backups 7 days (at least 35 required).',
                'aws:backup/plan:Plan "plan": copy of rule daily keeps backups 7 days (at least 35 required).',
            ]);
            const copyOnly = await evaluateFixture(plan(35, 14));
            assert.match(copyOnly.of("backup-retention")[0].message, /copy of rule daily keeps backups 14 days/);
        });
        it("passes 35 days, follows minBackupRetentionDays, and accepts continuous backups at AWS's 35-day cap", async () => {
            assert.deepStrictEqual((await evaluateFixture(plan(35))).of("backup-retention"), []);
            const dev = await evaluateFixture(plan(7), { policyConfig: { "backup-retention": { minBackupRetentionDays: 7 } } });
            assert.deepStrictEqual(dev.of("backup-retention"), []);
            const capped = await evaluateFixture(plan(35, 90, true), { policyConfig: { "backup-retention": { minBackupRetentionDays: 90 } } });
            assert.deepStrictEqual(capped.of("backup-retention"), []);
        });
    });

    describe("data-retained-on-delete", () => {
        it("flags data-bearing resources that would be deleted with the program", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("us-east-1");
                new aws.s3.Bucket("lake", { bucket: "lake-fixture" }, { provider: p });
                new aws.kms.Key("key", { enableKeyRotation: true }, { provider: p });
                new aws.backup.Vault("vault", {}, { provider: p });
                new aws.sns.Topic("not-data", {}, { provider: p });
            });
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.detail.split(" would")[0]).sort(), [
                'aws:backup/vault:Vault "vault"',
                'aws:kms/key:Key "key"',
                'aws:s3/bucket:Bucket "lake"',
            ]);
        });
        it("passes resources created with retainOnDelete or protect", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("us-east-1");
                new aws.s3.Bucket("lake", { bucket: "lake-fixture" }, { provider: p, retainOnDelete: true });
                new aws.kms.Key("key", { enableKeyRotation: true }, { provider: p, protect: true });
            });
            assert.deepStrictEqual(r.of("data-retained-on-delete"), []);
        });
        it("reports itself not applicable where, as under the Pulumi CLI, retainOnDelete is not passed to the pack", async () => {
            const r = await evaluateFixture(() => new aws.s3.Bucket("lake", { bucket: "lake-fixture" }, { provider: provider("us-east-1") }), { asCli: true });
            assert.deepStrictEqual(r.of("data-retained-on-delete"), []);
            assert.ok(r.notApplicable.some((n) => n.policy === "data-retained-on-delete" && /does not pass retainOnDelete/.test(n.reason ?? "")));
        });
        it("is reported by the offline plan as an offline-only finding, apart from the verdicts the CLI reaches", async () => {
            const { resources } = await runProgram({
                project: "fixture",
                stack: "prod",
                program: () => {
                    const p = provider("us-east-1");
                    new aws.s3.Bucket("lake", { bucket: "lake-fixture" }, { provider: p });
                    new aws.s3.Bucket("kept", { bucket: "kept-fixture" }, { provider: p, retainOnDelete: true });
                },
            });
            const config = reconcilePackConfig(pack.policies);
            const asCli = await analyze(resources, pack, config, new Map(), { asCli: true });
            assert.deepStrictEqual(asCli.violations.filter((v) => v.policy === "data-retained-on-delete"), []);
            const found = await offlineOnlyFindings(resources, pack, config, new Map(), asCli);
            assert.deepStrictEqual(
                found.map((v) => [v.policy, v.level, v.urn]),
                [["data-retained-on-delete", "mandatory", resources.find((x) => x.name === "lake")!.urn]],
            );
            assert.match(found[0].reason, /does not send the retainOnDelete option to policy packs/);
        });
    });
});
