import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { bucketName } from "../components/lake/gcp-bucket";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource, unknownMarker } from "../tools/offline/types";
import { configErrorFor } from "./support/config";
import { assertCleanPlan, ofType, one, planFor, stackConfig } from "./support/stack";

const T = {
    provider: "pulumi:providers:gcp",
    keyRing: "gcp:kms/keyRing:KeyRing",
    key: "gcp:kms/cryptoKey:CryptoKey",
    keyGrant: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    bucket: "gcp:storage/bucket:Bucket",
    bucketGrant: "gcp:storage/bucketIAMMember:BucketIAMMember",
    projectGrant: "gcp:projects/iAMMember:IAMMember",
    transferJob: "gcp:storage/transferJob:TransferJob",
    serviceIdentity: "gcp:projects/serviceIdentity:ServiceIdentity",
    vault: "gcp:backupdisasterrecovery/backupVault:BackupVault",
    plan: "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
    association: "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
    random: "random:index/randomId:RandomId",
};
const ns = "ai-data-platform";
const project = "adp-test-project";
const day = 86400;
const storageAgent = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com";
const transferAgent = "serviceAccount:project-123456789012@storage-transfer-service.iam.gserviceaccount.com";

// Not the defaults, so that every value below can only have come from the config.
const lake = { coldAfterDays: 45, archiveAfterDays: 120, noncurrentVersionDays: 200, lockDays: 45, lockMode: "governance" };
const retentionDays = 45;

const providerOf = (r: PlanResult, x: RecordedResource) => r.resources.find((p) => p.urn === x.provider);
const regionOf = (r: PlanResult, x: RecordedResource) => providerOf(r, x)?.inputs.region;
const dataBearing = (r: PlanResult) => r.resources.filter((x) => [T.bucket, T.keyRing, T.key, T.vault].includes(x.type));

function policyConfigFile(config: object): string {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "adp-policy-")), "policy.json");
    writeFileSync(file, JSON.stringify(config));
    return file;
}

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("gcp", overrides, environment);

describe("GCP platform (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("gcp", "prod", { [`${ns}:lake`]: lake, [`${ns}:backup`]: { retentionDays } }));
        dev = await planFor(stackConfig("gcp", "dev"));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: passes its environment's policy config with no violation at all, with non-default settings`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "gcp", env);
        });
        it(`${env}: every GCP resource names the explicit provider of its region, in the configured project`, () => {
            const r = env === "prod" ? prod : dev;
            const providers = ofType(r, T.provider);
            assert.deepStrictEqual(providers.map((p) => [p.name, p.inputs.region, p.inputs.project]).sort(), [
                ["backup", "us-east1", project],
                ["primary", "us-central1", project],
            ]);
            // The key rings' random suffixes are the only non-GCP resources: random values need no provider.
            const unprovided = r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:") && !x.provider);
            assert.deepStrictEqual(unprovided.map((x) => x.type), [T.random, T.random]);
            for (const located of [...ofType(r, T.keyRing), ...ofType(r, T.vault), ...ofType(r, T.plan), ...ofType(r, T.association)]) {
                assert.strictEqual(located.inputs.location, regionOf(r, located), `${located.type} "${located.name}" sits in its provider's region`);
            }
            for (const b of ofType(r, T.bucket)) {
                assert.strictEqual(b.inputs.location, String(regionOf(r, b)).toUpperCase());
            }
        });
    }

    it("encrypts lake and replica by default with the Cloud KMS key of their own region, usable by the Cloud Storage agent first", () => {
        for (const [bucketRole, keyName, region] of [["lake", "primary", "us-central1"], ["replica", "backup", "us-east1"]]) {
            const bucket = one(prod, T.bucket, bucketRole);
            const key = one(prod, T.key, keyName);
            assert.strictEqual(regionOf(prod, bucket), region);
            assert.strictEqual(one(prod, T.keyRing, keyName).inputs.location, region);
            assert.ok(bucket.propertyDependencies.encryption.includes(key.urn), `${bucketRole} is encrypted with the ${keyName} key`);
            const encryption = bucket.inputs.encryption as any;
            assert.strictEqual(encryption.googleManagedEncryptionEnforcementConfig.restrictionMode, "FullyRestricted");
            assert.strictEqual(encryption.customerSuppliedEncryptionEnforcementConfig.restrictionMode, "FullyRestricted");
            const grant = one(prod, T.keyGrant, `${bucketRole}-storage-agent`);
            assert.ok(grant.propertyDependencies.cryptoKeyId.includes(key.urn));
            assert.deepStrictEqual([grant.inputs.role, grant.inputs.member], ["roles/cloudkms.cryptoKeyEncrypterDecrypter", storageAgent]);
            assert.ok(bucket.dependencies.includes(grant.urn), "the bucket waits for the grant");
        }
    });

    it("rotates every key yearly with a 30-day destruction window, in key rings whose name carries a random suffix", () => {
        for (const key of ofType(prod, T.key)) {
            assert.deepStrictEqual([key.inputs.purpose, key.inputs.rotationPeriod, key.inputs.destroyScheduledDuration], ["ENCRYPT_DECRYPT", `${365 * day}s`, `${30 * day}s`]);
        }
        for (const ring of ofType(prod, T.keyRing)) {
            const suffix = one(prod, T.random, `${ring.name}-key-ring-suffix`);
            assert.ok(ring.propertyDependencies.name.includes(suffix.urn), `key ring ${ring.name} is named with its suffix`);
        }
    });

    it("versions both buckets, enforces public access prevention and uniform bucket-level access", () => {
        for (const b of ofType(prod, T.bucket)) {
            assert.deepStrictEqual(b.inputs.versioning, { enabled: true });
            assert.deepStrictEqual([b.inputs.publicAccessPrevention, b.inputs.uniformBucketLevelAccess], ["enforced", true]);
        }
    });

    it("takes lifecycle days and the soft-delete lock from config, on the lake and the replica alike", () => {
        for (const name of ["lake", "replica"]) {
            const b = one(prod, T.bucket, name);
            assert.deepStrictEqual(b.inputs.lifecycleRules, [
                { action: { type: "SetStorageClass", storageClass: "NEARLINE" }, condition: { age: 45, matchesStorageClasses: ["STANDARD"], withState: "ANY" } },
                { action: { type: "SetStorageClass", storageClass: "ARCHIVE" }, condition: { age: 120, matchesStorageClasses: ["STANDARD", "NEARLINE"], withState: "ANY" } },
                { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 200, withState: "ARCHIVED" } },
                // withState stated on every rule, so stack policies can read it during a preview.
                { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7, withState: "ANY" } },
            ]);
            assert.deepStrictEqual(b.inputs.softDeletePolicy, { retentionDurationSeconds: 45 * day });
            assert.strictEqual(b.inputs.retentionPolicy, undefined, "no Bucket Lock: GCS does not allow it on a versioned bucket");
        }
    });

    it("lock modes: governance maps to soft delete (off in dev by default), compliance is refused on gcp", async () => {
        assert.ok(ofType(dev, T.bucket).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 0));
        const locked = await planFor(stackConfig("gcp", "dev", { [`${ns}:lake`]: { lockDays: 14, lockMode: "governance" } }));
        assert.ok(ofType(locked, T.bucket).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 14 * day));
        const err = configError({ [`${ns}:lake`]: { lockMode: "compliance" } });
        assert.strictEqual(err.key, `${ns}:lake.lockMode`);
        assert.match(err.message, /^invalid config ai-data-platform:lake\.lockMode: got "compliance"; allowed: governance on gcp \(.*Bucket Lock excludes Object Versioning/);        const off = await planFor(stackConfig("gcp", "dev", { [`${ns}:lake`]: { lockDays: 0, lockMode: "compliance" } }));
        assert.ok(ofType(off, T.bucket).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 0), "no lock, so no mode to refuse");
    });

    it("refuses backup retention a prod vault cannot enforce", () => {
        const err = configError({ [`${ns}:backup`]: { retentionDays: 40000 } });
        assert.strictEqual(err.key, `${ns}:backup.retentionDays`);
        assert.strictEqual(err.message, "invalid config ai-data-platform:backup.retentionDays: got 40000; allowed: at most 36135 in prod on gcp (prod makes it the vault's enforced minimum retention, which Backup and DR caps at 99 years)");
    });

    it("reports the soft-delete days as the buckets' default immutability to the policy pack", async () => {
        const strict = await planFor(stackConfig("gcp", "prod", { [`${ns}:lake`]: lake }), {
            policyPackConfig: policyConfigFile({ all: "mandatory", "storage-default-immutability": { minLockDays: 60 } }),
        });
        const flagged = strict.analysis.violations.filter((v) => v.policy === "storage-default-immutability");
        assert.deepStrictEqual(flagged.map((v) => v.urn).sort(), ofType(strict, T.bucket).map((b) => b.urn).sort());
        assert.ok(flagged.every((v) => /locks new versions for 45 days \(at least 60 required\)/.test(v.message)));
    });

    it("refuses lockDays that Cloud Storage soft delete cannot keep, and accepts its bounds", () => {
        for (const days of [3, 91]) {
            const err = configError({ [`${ns}:lake`]: { lockDays: days, noncurrentVersionDays: 365 } });
            assert.strictEqual(err.key, `${ns}:lake.lockDays`);
            assert.strictEqual(err.message, `invalid config ai-data-platform:lake.lockDays: got ${days}; allowed: 0 (off) or 7 to 90 on gcp (the lake's immutability is Cloud Storage soft delete, which keeps objects 7 to 90 days)`);
        }
        for (const days of [0, 7, 90]) {
            const flat = Object.fromEntries(
                // Dev: in prod the lock may not be shorter than backup.retentionDays either.
                Object.entries(stackConfig("gcp", "dev", { [`${ns}:lake`]: { lockDays: days, noncurrentVersionDays: 365 } })).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
            );
            assert.strictEqual(parsePlatformConfig(flat, { project: ns, stack: "dev" }).lake.lockDays, days);
        }
    });

    it("names buckets deterministically from stack, project and region, within GCS's 63 characters", () => {
        assert.strictEqual(prod.outputs.lakeName, `adp-test-lake-${project}-us-central1`);
        assert.strictEqual(prod.outputs.replicaName, `adp-test-replica-${project}-us-east1`);
        assert.strictEqual(prod.outputs.lakeUrl, `gs://adp-test-lake-${project}-us-central1`);
        const long = { stack: "production-europe", gcpProject: "a-thirty-character-project-id" };
        const a = bucketName(long, "replica", "northamerica-northeast2");
        assert.ok(a.length <= 63, a);
        assert.match(a, /^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
        assert.strictEqual(a, bucketName(long, "replica", "northamerica-northeast2"), "stable across runs");
        assert.notStrictEqual(a, bucketName(long, "replica", "northamerica-northeast1"), "distinct per region once cut");
    });

    it("replicates the lake to the replica in the backup region with a Storage Transfer replication job and its IAM", () => {
        const lakeBucket = one(prod, T.bucket, "lake");
        const replica = one(prod, T.bucket, "replica");
        assert.notStrictEqual(regionOf(prod, lakeBucket), regionOf(prod, replica));
        const job = one(prod, T.transferJob);
        const spec = job.inputs.replicationSpec as any;
        assert.deepStrictEqual([spec.gcsDataSource.bucketName, spec.gcsDataSink.bucketName], [lakeBucket.inputs.name, replica.inputs.name]);
        assert.ok(job.propertyDependencies.replicationSpec.includes(lakeBucket.urn) && job.propertyDependencies.replicationSpec.includes(replica.urn));
        assert.strictEqual(spec.transferOptions.metadataOptions.kmsKey, "KMS_KEY_DESTINATION_BUCKET_DEFAULT");
        assert.strictEqual(job.inputs.status, "ENABLED");

        const bucketGrants = ofType(prod, T.bucketGrant).map((g) => [g.inputs.bucket, g.inputs.role, g.inputs.member]);
        assert.deepStrictEqual(bucketGrants.sort(), [
            [lakeBucket.inputs.name, "roles/storage.legacyBucketOwner", transferAgent],
            [lakeBucket.inputs.name, "roles/storage.objectViewer", transferAgent],
            [replica.inputs.name, "roles/storage.legacyBucketWriter", transferAgent],
            [replica.inputs.name, "roles/storage.objectViewer", transferAgent],
        ].sort());
        const pubsub = ofType(prod, T.projectGrant).filter((g) => String(g.inputs.role).startsWith("roles/pubsub."));
        assert.deepStrictEqual(pubsub.map((g) => [g.inputs.project, g.inputs.role, g.inputs.member]).sort(), [
            [project, "roles/pubsub.editor", transferAgent],
            [project, "roles/pubsub.publisher", storageAgent],
        ]);
        for (const g of [...ofType(prod, T.bucketGrant), ...pubsub]) {
            assert.ok(job.dependencies.includes(g.urn), `the job waits for ${g.name}`);
        }
        assert.strictEqual(prod.outputs.replicaRegion, "us-east1");
        assert.deepStrictEqual([prod.outputs.recoveryPointObjectiveMinutes, prod.outputs.recoveryPointObjectiveBasis], [60, "best-effort"], "cross-bucket replication states no bound");
    });

    it("backs each bucket up daily into a CMEK vault of its own region, kept retentionDays, unremovable before that in prod", () => {
        const agent = one(prod, T.serviceIdentity, "backupdr-agent");
        assert.strictEqual(agent.inputs.service, "backupdr.googleapis.com");
        for (const [role, keyName, region] of [["lake", "primary", "us-central1"], ["replica", "backup", "us-east1"]]) {
            const vault = one(prod, T.vault, role);
            const plan = one(prod, T.plan, role);
            const association = one(prod, T.association, role);
            const key = one(prod, T.key, keyName);
            assert.deepStrictEqual([vault.inputs.location, plan.inputs.location, association.inputs.location], [region, region, region]);
            assert.ok(vault.propertyDependencies.encryptionConfig.includes(key.urn), `the ${role} vault uses the ${keyName} key`);
            const grant = one(prod, T.keyGrant, `${role}-vault-backupdr-agent`);
            assert.ok(grant.propertyDependencies.cryptoKeyId.includes(key.urn) && grant.propertyDependencies.member.includes(agent.urn));
            assert.ok(vault.dependencies.includes(grant.urn));
            assert.strictEqual(vault.inputs.backupMinimumEnforcedRetentionDuration, `${retentionDays * day}s`);
            assert.ok(plan.propertyDependencies.backupVault.includes(vault.urn));
            assert.strictEqual(plan.inputs.resourceType, "storage.googleapis.com/Bucket");
            assert.deepStrictEqual((plan.inputs.backupRules as any[]).map((r) => [r.backupRetentionDays, r.standardSchedule.recurrenceType]), [[retentionDays, "DAILY"]]);
            assert.strictEqual(association.inputs.resource, `projects/_/buckets/${one(prod, T.bucket, role).inputs.name}`);
            const read = one(prod, T.projectGrant, `${role}-vault-reads-bucket`);
            assert.strictEqual(read.inputs.role, "roles/backupdr.cloudStorageOperator");
            assert.ok(read.propertyDependencies.member.includes(vault.urn));
            assert.match((read.inputs.condition as any).expression, new RegExp(`projects/_/buckets/${one(prod, T.bucket, role).inputs.name}"`));
            assert.ok(association.dependencies.includes(read.urn));
        }
        assert.strictEqual(prod.outputs.backupRetentionDays, retentionDays);
        assert.strictEqual(prod.outputs.backupVaultIds, unknownMarker, "the vaults' ids, known once deployed");
        assert.ok(ofType(dev, T.vault).every((v) => v.inputs.backupMinimumEnforcedRetentionDuration === `${day}s`));
        assert.ok(ofType(dev, T.plan).every((p) => (p.inputs.backupRules as any[])[0].backupRetentionDays === 7));
    });

    it("prod retains every data-bearing resource (in options and in deletionPolicy) and never force-destroys; dev retains nothing and tears down", () => {
        assert.strictEqual(dataBearing(prod).length, 8);
        assert.deepStrictEqual(dataBearing(prod).filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        const withPolicy = (r: PlanResult) => [...ofType(r, T.bucket), ...ofType(r, T.key), ...ofType(r, T.vault), ...ofType(r, T.plan), ...ofType(r, T.association), ...ofType(r, T.transferJob)];
        assert.ok(withPolicy(prod).every((x) => x.inputs.deletionPolicy === "ABANDON"));
        assert.ok(ofType(prod, T.bucket).every((b) => b.inputs.forceDestroy === false));
        assert.ok(ofType(prod, T.vault).every((v) => v.inputs.ignoreInactiveDatasources === undefined && v.inputs.ignoreBackupPlanReferences === undefined));

        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
        assert.ok(withPolicy(dev).every((x) => x.inputs.deletionPolicy === "DELETE"));
        assert.ok(ofType(dev, T.bucket).every((b) => b.inputs.forceDestroy === true));
        assert.ok(ofType(dev, T.vault).every((v) => v.inputs.ignoreInactiveDatasources === true && v.inputs.ignoreBackupPlanReferences === true));
    });
});
