import * as gcp from "../../components/shared/sdk/gcp";
import * as assert from "assert";
import { gcpBackupBucketLabel } from "../../policy/lib/gcp-backup";
import { evaluateFixture, urnOf } from "../support/fixtures";

// A GCS bucket that holds the lake's scheduled copies (labelled so, as the platform does) is judged
// as a backup store: its retention policy by backup-retention, its key by storage-encryption-cmk,
// and not by the lake's object-store rules, which a retention-locked, unversioned copy cannot meet.

const day = 86400;
const T = { bucket: "gcp:storage/bucket:Bucket" };
const backupLabel = { [gcpBackupBucketLabel.key]: gcpBackupBucketLabel.value };

interface BackupSpec {
    readonly retentionDays?: number;
    readonly labelled?: boolean;
    readonly googleManagedKey?: boolean;
    /** Public access prevention "inherited" and object ACLs on: what a bucket left at its defaults has. */
    readonly openable?: boolean;
}

function backupBucket(s: BackupSpec = {}): () => void {
    return () => {
        const provider = new gcp.Provider("us-east1", { project: "fixture-project", region: "us-east1" });
        const ring = new gcp.kms.KeyRing("backup", { name: "backup-ring", location: "us-east1" }, { provider });
        const key = new gcp.kms.CryptoKey("backup", { name: "backup", keyRing: ring.id, rotationPeriod: `${365 * day}s` }, { provider });
        new gcp.storage.Bucket(
            "backup",
            {
                name: "backup-fixture",
                location: "US-EAST1",
                ...(s.labelled === false ? {} : { labels: backupLabel }),
                versioning: { enabled: false },
                ...(s.retentionDays === undefined ? {} : { retentionPolicy: { retentionPeriod: String(s.retentionDays * day), isLocked: true } }),
                ...(s.googleManagedKey ? {} : { encryption: { defaultKmsKeyName: key.id } }),
                publicAccessPrevention: s.openable ? "inherited" : "enforced",
                uniformBucketLevelAccess: !s.openable,
                lifecycleRules: [{ action: { type: "Delete" }, condition: { age: s.retentionDays ?? 1, withState: "ANY" } }],
            },
            { provider },
        );
    };
}

describe("policies on a GCP backup bucket", () => {
    it("backup-retention flags a retention policy shorter than minBackupRetentionDays, naming the retention", async () => {
        const r = await evaluateFixture(backupBucket({ retentionDays: 1 }));
        assert.deepStrictEqual(r.of("backup-retention").map((v) => [v.urn, v.detail]), [
            [urnOf(r, T.bucket, "backup"), 'gcp:storage/bucket:Bucket "backup": bucket retention policy keeps backups 1 days (at least 35 required).'],
        ]);
    });

    it("backup-retention flags a backup bucket without a retention policy: its copies could be deleted at once", async () => {
        const r = await evaluateFixture(backupBucket());
        assert.match(r.of("backup-retention")[0].detail, /bucket retention policy keeps backups 0 days \(at least 35 required\)\.$/);
    });

    it("backup-retention passes 35 days, follows minBackupRetentionDays, and leaves unlabelled buckets to the object-store rules", async () => {
        assert.deepStrictEqual((await evaluateFixture(backupBucket({ retentionDays: 35 }))).of("backup-retention"), []);
        const dev = await evaluateFixture(backupBucket({ retentionDays: 7 }), { policyConfig: { "backup-retention": { minBackupRetentionDays: 7 } } });
        assert.deepStrictEqual(dev.of("backup-retention"), []);
        const unlabelled = await evaluateFixture(backupBucket({ retentionDays: 1, labelled: false }));
        assert.deepStrictEqual(unlabelled.of("backup-retention"), []);
        assert.deepStrictEqual(unlabelled.of("storage-versioning").map((v) => v.urn), [urnOf(unlabelled, T.bucket, "backup")]);
    });

    it("is no object store: neither versioning, tiering nor a cross-region replica is asked of it", async () => {
        const r = await evaluateFixture(backupBucket({ retentionDays: 35 }));
        for (const policy of ["storage-versioning", "storage-lifecycle-tiering", "storage-cross-region-replica", "storage-default-immutability"]) {
            assert.deepStrictEqual(r.of(policy), [], policy);
        }
    });

    it("storage-encryption-cmk judges its key like any data store's", async () => {
        assert.deepStrictEqual((await evaluateFixture(backupBucket({ retentionDays: 35 }))).of("storage-encryption-cmk"), []);
        const r = await evaluateFixture(backupBucket({ retentionDays: 35, googleManagedKey: true }));
        assert.deepStrictEqual(r.of("storage-encryption-cmk").map((v) => v.urn), [urnOf(r, T.bucket, "backup")]);
        assert.match(r.of("storage-encryption-cmk")[0].detail, /\(backup bucket\) is encrypted with a cloud-managed key/);
    });

    it("storage-public-access-blocked judges it like every bucket of the platform: public access prevention enforced, uniform access", async () => {
        assert.deepStrictEqual((await evaluateFixture(backupBucket({ retentionDays: 35 }))).of("storage-public-access-blocked"), []);
        const r = await evaluateFixture(backupBucket({ retentionDays: 35, openable: true }));
        assert.deepStrictEqual(r.of("storage-public-access-blocked").map((v) => [v.urn, v.detail]), [
            [urnOf(r, T.bucket, "backup"), 'gcp:storage/bucket:Bucket "backup": publicAccessPrevention is not enforced; uniformBucketLevelAccess is not true (object ACLs apply).'],
        ]);
    });
});
