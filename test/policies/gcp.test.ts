import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { evaluateFixture, FixtureResult, urnOf } from "../support/fixtures";

// Each policy against a violating and a compliant GCP setup, through the same offline preview and
// analyzer as `npm run plan`. A compliant bucket is one of a replicated pair, so that only the
// setting a test changes can make the policy under test speak.

/** A region and the provider that deploys into it. */
interface Place {
    readonly provider: gcp.Provider;
    readonly region: string;
}

interface BucketSpec {
    readonly at: Place;
    readonly versioning?: boolean;
    readonly encryption?: "cmk" | "key-name" | "google-managed";
    readonly publicAccessPrevention?: "enforced" | "inherited";
    readonly uniformBucketLevelAccess?: boolean;
    readonly lifecycle?: gcp.types.input.storage.BucketLifecycleRule[];
    readonly softDeleteDays?: number;
    readonly deletionPolicy?: string;
    readonly opts?: pulumi.CustomResourceOptions;
}

const day = 86400;

/**
 * Tiering after 30 and 90 days, noncurrent expiry, upload cleanup: what the platform sets by default,
 * `withState` stated on every rule as the platform does (the provider computes it when left out).
 * `condition` overrides the two tiering rules' conditions.
 */
function lifecycle(o: { cold?: number; archive?: number; noncurrent?: number; abort?: number; condition?: object } = {}): gcp.types.input.storage.BucketLifecycleRule[] {
    const { cold = 30, archive = 90, noncurrent = 365, abort = 7, condition = {} } = o;
    return [
        { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: cold, matchesStorageClasses: ["STANDARD"], withState: "ANY", ...condition } },
        { action: { type: "SetStorageClass", storageClass: "ARCHIVE" }, condition: { age: archive, matchesStorageClasses: ["STANDARD", "NEARLINE"], withState: "ANY", ...condition } },
        { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: noncurrent, withState: "ARCHIVED" } },
        { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: abort, withState: "ANY" } },
    ];
}

/** The advisory the CLI gives, instead of a verdict, for a stack policy that read an unknown value. */
function cantRun(r: FixtureResult, policy: string, path: RegExp): void {
    const found = r.of(policy);
    assert.deepStrictEqual(found.map((v) => v.level), ["advisory"], JSON.stringify(found.map((v) => v.detail)));
    assert.match(found[0].message, /^can't run policy '[^']+' from policy pack '[^']+' during preview: /);
    assert.match(found[0].message, path);
}

function at(region: string): Place {
    return { provider: new gcp.Provider(region, { project: "fixture-project", region }), region };
}

function cryptoKey(name: string, place: Place, args: Partial<gcp.kms.CryptoKeyArgs> = { rotationPeriod: `${365 * day}s` }): gcp.kms.CryptoKey {
    const ring = new gcp.kms.KeyRing(name, { name: `${name}-ring`, location: place.region }, { provider: place.provider });
    return new gcp.kms.CryptoKey(name, { name, keyRing: ring.id, ...args }, { provider: place.provider });
}

function bucket(name: string, spec: BucketSpec): gcp.storage.Bucket {
    const s = { versioning: true, encryption: "cmk", publicAccessPrevention: "enforced", uniformBucketLevelAccess: true, lifecycle: lifecycle(), softDeleteDays: 30, ...spec };
    const region = s.at.region;
    const keyName =
        s.encryption === "cmk" ? cryptoKey(name, s.at).id : s.encryption === "key-name" ? `projects/p/locations/${region}/keyRings/r/cryptoKeys/${name}` : undefined;
    return new gcp.storage.Bucket(
        name,
        {
            name: `${name}-fixture`,
            location: region.toUpperCase(),
            versioning: { enabled: s.versioning },
            ...(keyName ? { encryption: { defaultKmsKeyName: keyName } } : {}),
            publicAccessPrevention: s.publicAccessPrevention,
            uniformBucketLevelAccess: s.uniformBucketLevelAccess,
            lifecycleRules: s.lifecycle,
            softDeletePolicy: { retentionDurationSeconds: s.softDeleteDays * day },
            ...(s.deletionPolicy ? { deletionPolicy: s.deletionPolicy } : {}),
        },
        { provider: s.at.provider, ...s.opts },
    );
}

/** Continuous replication from one bucket to another, as the platform wires it. */
function replicate(name: string, source: pulumi.Input<string>, target: pulumi.Input<string>, place: Place, status = "ENABLED"): void {
    new gcp.storage.TransferJob(
        name,
        { description: name, status, replicationSpec: { gcsDataSource: { bucketName: source }, gcsDataSink: { bucketName: target } } },
        { provider: place.provider },
    );
}

function replicatedPair(lakeSpec: Omit<BucketSpec, "at"> = {}) {
    const central = at("us-central1");
    const lake = bucket("lake", { at: central, ...lakeSpec });
    const replica = bucket("replica", { at: at("us-east1") });
    replicate("lake-to-replica", lake.name, replica.name, central);
    return { lake, replica };
}

const lakeUrn = (r: FixtureResult) => urnOf(r, "gcp:storage/bucket:Bucket", "lake");

describe("policies on GCP", () => {
    it("a fully protected, replicated pair of buckets passes every policy, reading no unknown value", async () => {
        const r = await evaluateFixture(() => replicatedPair());
        assert.deepStrictEqual(r.violations.filter((v) => v.policy.startsWith("storage-") || /can't run policy/.test(v.message)), []);
    });

    describe("storage-encryption-cmk", () => {
        it("flags a bucket and a backup vault left on Google-managed keys", async () => {
            const r = await evaluateFixture(() => {
                replicatedPair({ encryption: "google-managed" });
                new gcp.backupdisasterrecovery.BackupVault(
                    "vault",
                    { location: "us-central1", backupVaultId: "vault", backupMinimumEnforcedRetentionDuration: `${35 * day}s` },
                    { provider: at("us-central1").provider },
                );
            });
            const flagged = r.of("storage-encryption-cmk");
            assert.deepStrictEqual(flagged.map((v) => v.urn).sort(), [lakeUrn(r), urnOf(r, "gcp:backupdisasterrecovery/backupVault:BackupVault", "vault")].sort());
            assert.ok(flagged.every((v) => /encrypted with a cloud-managed key, not a customer-managed one/.test(v.message)));
            assert.match(flagged.find((v) => v.urn === lakeUrn(r))!.message, /\(bucket\)/);
        });
        it("passes a bucket and a vault on a CryptoKey of the program (id unknown in the preview) and a bucket naming a key as text", async () => {
            const r = await evaluateFixture(() => {
                const p = at("us-central1");
                replicatedPair();
                bucket("named", { at: p, encryption: "key-name" });
                new gcp.backupdisasterrecovery.BackupVault(
                    "vault",
                    { location: "us-central1", backupVaultId: "vault", backupMinimumEnforcedRetentionDuration: `${35 * day}s`, encryptionConfig: { kmsKeyName: cryptoKey("vault", p).id } },
                    { provider: p.provider },
                );
            });
            assert.deepStrictEqual(r.of("storage-encryption-cmk"), []);
        });
    });

    describe("kms-key-rotation", () => {
        it("flags a key without a rotation period and one that rotates too rarely", async () => {
            const r = await evaluateFixture(() => {
                const p = at("us-central1");
                cryptoKey("never", p, {});
                cryptoKey("rarely", p, { rotationPeriod: `${730 * day}s` });
            });
            assert.deepStrictEqual(r.of("kms-key-rotation").map((v) => [v.urn, v.detail]).sort(), [
                [urnOf(r, "gcp:kms/cryptoKey:CryptoKey", "never"), 'gcp:kms/cryptoKey:CryptoKey "never" does not rotate automatically.'],
                [urnOf(r, "gcp:kms/cryptoKey:CryptoKey", "rarely"), 'gcp:kms/cryptoKey:CryptoKey "rarely" rotates every 730 days (at most 365).'],
            ]);
        });
        it("passes a yearly key, and skips signing keys, which cannot rotate automatically", async () => {
            const r = await evaluateFixture(() => {
                const p = at("us-central1");
                cryptoKey("yearly", p);
                cryptoKey("signing", p, { purpose: "ASYMMETRIC_SIGN", versionTemplate: { algorithm: "EC_SIGN_P256_SHA256" } });
            });
            assert.deepStrictEqual(r.of("kms-key-rotation"), []);
            assert.ok(r.notApplicable.some((n) => n.policy === "kms-key-rotation" && n.urn === urnOf(r, "gcp:kms/cryptoKey:CryptoKey", "signing")));
        });
    });

    describe("storage-versioning", () => {
        it("flags a bucket with versioning off", async () => {
            const r = await evaluateFixture(() => replicatedPair({ versioning: false }));
            const [v] = r.of("storage-versioning");
            assert.strictEqual(v?.urn, lakeUrn(r));
            assert.match(v.message, /does not keep object versions/);
        });
        it("passes a bucket with versioning.enabled", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-versioning"), []);
        });
    });

    describe("storage-public-access-blocked", () => {
        it("flags public access prevention left to inheritance and fine-grained (ACL) access", async () => {
            const r = await evaluateFixture(() => replicatedPair({ publicAccessPrevention: "inherited", uniformBucketLevelAccess: false }));
            const [v] = r.of("storage-public-access-blocked");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /publicAccessPrevention is not enforced; uniformBucketLevelAccess is not true/);
        });
        it("passes enforced public access prevention with uniform bucket-level access", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-public-access-blocked"), []);
        });
    });

    describe("storage-secure-transport", () => {
        // GCS has no setting that could let plain HTTP or old TLS in, so no GCP bucket can violate
        // this policy: the adapter reports the transport as enforced by the cloud.
        it("passes any GCP bucket, even at the strictest minTlsVersion", async () => {
            const r = await evaluateFixture(() => replicatedPair({ publicAccessPrevention: "inherited", encryption: "google-managed" }), {
                policyConfig: { "storage-secure-transport": { minTlsVersion: "1.3" } },
            });
            assert.deepStrictEqual(r.of("storage-secure-transport"), []);
            assert.ok(r.violations.some((v) => v.urn === lakeUrn(r)), "the bucket itself was evaluated by the other policies");
        });
    });

    describe("storage-lifecycle-tiering", () => {
        it("flags a bucket with no lifecycle rules", async () => {
            const r = await evaluateFixture(() => replicatedPair({ lifecycle: [] }));
            const [v] = r.of("storage-lifecycle-tiering");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /nothing moves to an infrequent-access class; nothing moves to an archive class; superseded versions never expire; incomplete uploads are never cleaned up/);
        });
        it("does not count tiering limited to a prefix or to noncurrent versions, and flags tiering later than the thresholds", async () => {
            for (const condition of [{ matchesPrefixes: ["tmp/"] }, { withState: "ARCHIVED" }]) {
                const narrowed = await evaluateFixture(() => replicatedPair({ lifecycle: lifecycle({ condition }) }));
                assert.match(narrowed.of("storage-lifecycle-tiering")[0].message, /nothing moves to an infrequent-access class; nothing moves to an archive class\./);
            }
            const late = await evaluateFixture(() => replicatedPair({ lifecycle: lifecycle({ cold: 120, archive: 400 }) }));
            assert.match(late.of("storage-lifecycle-tiering")[0].message, /after 120 days \(at most 90\).*after 400 days \(at most 365\)/);
        });
        it("passes NEARLINE after 30 and ARCHIVE after 90 days with noncurrent expiry and upload cleanup", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-lifecycle-tiering"), []);
        });
        it("cannot judge, during a preview, a whole-bucket rule that leaves withState to the provider; a narrowed one needs no withState", async () => {
            const unstated = lifecycle().map((rule) => ({ ...rule, condition: { ...(rule.condition as object), withState: undefined } }));
            cantRun(await evaluateFixture(() => replicatedPair({ lifecycle: unstated })), "storage-lifecycle-tiering", /lifecycleRules\.0\.condition\.withState/);
            // Limited to a prefix, the tiering rules count for nothing whatever their state: judged without it.
            const narrowed = unstated.map((rule, i) => (i < 2 ? { ...rule, condition: { ...(rule.condition as object), matchesPrefixes: ["tmp/"] } } : lifecycle()[i]));
            const r = await evaluateFixture(() => replicatedPair({ lifecycle: narrowed }));
            assert.match(r.of("storage-lifecycle-tiering")[0].message, /nothing moves to an infrequent-access class; nothing moves to an archive class\.$/);
        });
    });

    describe("storage-default-immutability", () => {
        it("flags soft delete shorter than minLockDays, and a bucket with soft delete off", async () => {
            const short = await evaluateFixture(() => replicatedPair({ softDeleteDays: 7 }));
            const [v] = short.of("storage-default-immutability");
            assert.strictEqual(v.urn, lakeUrn(short));
            assert.match(v.message, /locks new versions for 7 days \(at least 30 required\)/);
            const off = await evaluateFixture(() => replicatedPair({ softDeleteDays: 0 }));
            assert.match(off.of("storage-default-immutability")[0].message, /has no default immutability/);
        });
        it("passes 30 days of soft delete, and accepts none where minLockDays is 0 (dev)", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-default-immutability"), []);
            const dev = await evaluateFixture(() => replicatedPair({ softDeleteDays: 0 }), { policyConfig: { "storage-default-immutability": { minLockDays: 0 } } });
            assert.deepStrictEqual(dev.of("storage-default-immutability"), []);
        });
    });

    describe("storage-cross-region-replica", () => {
        it("flags a bucket that no replication job copies", async () => {
            const r = await evaluateFixture(() => bucket("lake", { at: at("us-central1") }));
            const [v] = r.of("storage-cross-region-replica");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /is not replicated to another region/);
        });
        it("flags replication into the same region, and a disabled job", async () => {
            const same = await evaluateFixture(() => {
                const central = at("us-central1");
                replicate("job", bucket("lake", { at: central }).name, bucket("replica", { at: central }).name, central);
            });
            const [v] = same.of("storage-cross-region-replica");
            assert.strictEqual(v.urn, lakeUrn(same));
            assert.match(v.message, /replicated only within its own region \(us-central1\)/);
            const disabled = await evaluateFixture(() => {
                const central = at("us-central1");
                replicate("job", bucket("lake", { at: central }).name, bucket("replica", { at: at("us-east1") }).name, central, "DISABLED");
            });
            assert.strictEqual(disabled.of("storage-cross-region-replica").length, 2, "neither bucket is a replica while the job is disabled");
        });
        it("passes a bucket replicated to another region, whether the job takes the bucket outputs or their names as text", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-cross-region-replica"), []);
            const literal = await evaluateFixture(() => {
                const central = at("us-central1");
                bucket("lake", { at: central });
                bucket("replica", { at: at("us-east1") });
                replicate("job", "lake-fixture", "replica-fixture", central);
            });
            assert.deepStrictEqual(literal.of("storage-cross-region-replica"), []);
        });
    });

    describe("backup-retention", () => {
        const plan = (days: number) => () =>
            new gcp.backupdisasterrecovery.BackupPlan(
                "plan",
                {
                    location: "us-central1",
                    backupPlanId: "plan",
                    resourceType: "storage.googleapis.com/Bucket",
                    backupVault: "projects/p/locations/us-central1/backupVaults/v",
                    backupRules: [{ ruleId: "daily", backupRetentionDays: days, standardSchedule: { recurrenceType: "DAILY", timeZone: "UTC" } }],
                },
                { provider: at("us-central1").provider },
            );
        it("flags a backup rule that keeps backups fewer days than required", async () => {
            const r = await evaluateFixture(plan(7));
            assert.deepStrictEqual(r.of("backup-retention").map((v) => [v.urn, v.detail]), [
                [urnOf(r, "gcp:backupdisasterrecovery/backupPlan:BackupPlan", "plan"), 'gcp:backupdisasterrecovery/backupPlan:BackupPlan "plan": rule daily keeps backups 7 days (at least 35 required).'],
            ]);
        });
        it("passes 35 days, and follows minBackupRetentionDays (dev)", async () => {
            assert.deepStrictEqual((await evaluateFixture(plan(35))).of("backup-retention"), []);
            const dev = await evaluateFixture(plan(7), { policyConfig: { "backup-retention": { minBackupRetentionDays: 7 } } });
            assert.deepStrictEqual(dev.of("backup-retention"), []);
        });
    });

    describe("data-retained-on-delete", () => {
        const dataBearing = (opts: pulumi.CustomResourceOptions, deletionPolicy?: string) => () => {
            const p = at("us-central1");
            const ring = new gcp.kms.KeyRing("ring", { name: "ring", location: p.region }, { provider: p.provider, ...opts });
            new gcp.kms.CryptoKey("key", { name: "key", keyRing: ring.id, rotationPeriod: `${365 * day}s`, ...(deletionPolicy ? { deletionPolicy } : {}) }, { provider: p.provider, ...opts });
            bucket("lake", { at: p, encryption: "key-name", opts, ...(deletionPolicy ? { deletionPolicy } : {}) });
            new gcp.backupdisasterrecovery.BackupVault(
                "vault",
                { location: "us-central1", backupVaultId: "vault", backupMinimumEnforcedRetentionDuration: `${35 * day}s`, ...(deletionPolicy ? { deletionPolicy } : {}) },
                { provider: p.provider, ...opts },
            );
            new gcp.pubsub.Topic("not-data", {}, { provider: p.provider });
        };
        it("flags buckets, keys and vaults that would be deleted with the program; a key ring never is", async () => {
            const r = await evaluateFixture(dataBearing({}));
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.detail.split(" would")[0]).sort(), [
                'gcp:backupdisasterrecovery/backupVault:BackupVault "vault"',
                'gcp:kms/cryptoKey:CryptoKey "key"',
                'gcp:storage/bucket:Bucket "lake"',
            ]);
            assert.strictEqual(r.of("data-retained-on-delete").find((v) => v.detail.startsWith("gcp:storage"))!.urn, lakeUrn(r));
        });
        it("passes them with retainOnDelete", async () => {
            assert.deepStrictEqual((await evaluateFixture(dataBearing({ retainOnDelete: true }))).of("data-retained-on-delete"), []);
        });
        it("under the CLI, which does not pass retainOnDelete, judges them by deletionPolicy", async () => {
            const abandoned = await evaluateFixture(dataBearing({}, "ABANDON"), { asCli: true });
            assert.deepStrictEqual(abandoned.of("data-retained-on-delete"), []);
            const deleted = await evaluateFixture(dataBearing({}, "DELETE"), { asCli: true });
            assert.strictEqual(deleted.of("data-retained-on-delete").length, 3);
            const unstated = await evaluateFixture(dataBearing({}), { asCli: true });
            assert.deepStrictEqual(unstated.of("data-retained-on-delete"), []);
            assert.strictEqual(unstated.notApplicable.filter((n) => n.policy === "data-retained-on-delete").length, 3);
        });
    });
});
