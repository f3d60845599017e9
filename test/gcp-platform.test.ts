import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { writeFileSync } from "fs";
import * as path from "path";
import { transferJobFilter } from "../components/backup/gcp-alerts";
import { backupStorageClass } from "../components/backup/gcp-copy";
import { bucketName } from "../components/lake/gcp-bucket";
import { propagationDelay } from "../components/shared/propagation";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor } from "./support/config";
import { examplePlan } from "./support/examples";
import { airflowComponent, featureStoreComponent, retainedUnder, unretainedNeeds } from "./support/retention";
import { assertCleanPlan, ofType, one, planFor, providerOf, stackConfig } from "./support/stack";
import { tempDir } from "./support/temp";

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
    sleep: "time:index/sleep:Sleep",
    command: "command:local:Command",
    alertPolicy: "gcp:monitoring/alertPolicy:AlertPolicy",
    channel: "gcp:monitoring/notificationChannel:NotificationChannel",
};
const ns = "ai-data-platform";
const project = "adp-test-project";
const day = 86400;
const storageAgent = "serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com";
const transferAgent = "serviceAccount:project-123456789012@storage-transfer-service.iam.gserviceaccount.com";

// Not the defaults, so that every value below can only have come from the config (prod: the lock
// may not be shorter than the backups' retention).
const lake = { coldAfterDays: 45, archiveAfterDays: 120, noncurrentVersionDays: 200, lockDays: 45, lockMode: "governance" };
const retentionDays = 45;
const alertEmail = "data-oncall@example.com";

const regionOf = (r: PlanResult, x: RecordedResource) => providerOf(r, x)?.inputs.region;
const dataBearing = (r: PlanResult) => r.resources.filter((x) => [T.bucket, T.keyRing, T.key, T.vault].includes(x.type));
/** The pause a resource waits on: the one Sleep among its dependencies, which depends on the grants. */
const sleepBefore = (r: PlanResult, x: RecordedResource) => {
    const sleeps = ofType(r, T.sleep).filter((s) => x.dependencies.includes(s.urn));
    assert.strictEqual(sleeps.length, 1, `${x.name} waits on one propagation pause`);
    assert.strictEqual(sleeps[0].inputs.createDuration, propagationDelay.gcp);
    return sleeps[0];
};

function policyConfigFile(config: object): string {
    const file = path.join(tempDir("policy"), "policy.json");
    writeFileSync(file, JSON.stringify(config));
    return file;
}

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("gcp", overrides, environment);

describe("GCP platform (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("gcp", "prod", { [`${ns}:lake`]: lake, [`${ns}:backup`]: { retentionDays, alertEmail } }));
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
            // The key rings' random suffixes, the pauses for IAM propagation and the reads of the Kafka
            // bootstrap address (gcloud on the deploying machine) are the only non-GCP resources: they
            // need no provider.
            const unprovided = r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers:") && !x.provider);
            assert.deepStrictEqual([...new Set(unprovided.map((x) => x.type))].sort(), [T.command, T.random, T.sleep]);
            assert.strictEqual(ofType(r, T.random).length, 2);
            for (const located of ofType(r, T.keyRing)) {
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
            assert.deepStrictEqual(sleepBefore(prod, bucket).dependencies, [grant.urn], "the bucket waits until the grant has propagated");
        }
        // The backup bucket is on the replica's key: it waits for the same grant, and grants nothing twice.
        const backup = one(prod, T.bucket, "backup");
        assert.ok(backup.propertyDependencies.encryption.includes(one(prod, T.key, "backup").urn));
        assert.deepStrictEqual(sleepBefore(prod, backup).dependencies, [one(prod, T.keyGrant, "replica-storage-agent").urn]);
        assert.deepStrictEqual(ofType(prod, T.keyGrant).filter((g) => g.name.endsWith("-storage-agent")).map((g) => g.name).sort(), ["lake-storage-agent", "replica-storage-agent"]);
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

    it("versions lake and replica; enforces public access prevention and uniform bucket-level access on every bucket", () => {
        for (const name of ["lake", "replica"]) {
            assert.deepStrictEqual(one(prod, T.bucket, name).inputs.versioning, { enabled: true });
        }
        for (const b of ofType(prod, T.bucket)) {
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
        // Lake and replica; the backup bucket is locked by its retention policy instead.
        const versioned = (r: PlanResult) => ["lake", "replica"].map((n) => one(r, T.bucket, n));
        assert.ok(versioned(dev).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 0));
        const locked = await planFor(stackConfig("gcp", "dev", { [`${ns}:lake`]: { lockDays: 14, lockMode: "governance" } }));
        assert.ok(versioned(locked).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 14 * day));
        const err = configError({ [`${ns}:lake`]: { lockMode: "compliance" } });
        assert.strictEqual(err.key, `${ns}:lake.lockMode`);
        assert.match(err.message, /^invalid config ai-data-platform:lake\.lockMode: got "compliance"; allowed: governance on gcp \(.*Bucket Lock excludes Object Versioning/);
        const off = await planFor(stackConfig("gcp", "dev", { [`${ns}:lake`]: { lockDays: 0, lockMode: "compliance" } }));
        assert.ok(versioned(off).every((b) => (b.inputs.softDeletePolicy as any).retentionDurationSeconds === 0), "no lock, so no mode to refuse");
    });

    it("refuses backup retention longer than a bucket retention policy can keep (under 3,155,760,000 s)", () => {
        const err = configError({ [`${ns}:backup`]: { retentionDays: 36525 } }, "dev");
        assert.strictEqual(err.key, `${ns}:backup.retentionDays`);
        assert.strictEqual(err.message, "invalid config ai-data-platform:backup.retentionDays: got 36525; allowed: at most 36524 on gcp (it is the backup bucket's retention period, which Cloud Storage caps below 100 years)");
        const flat = Object.fromEntries(Object.entries(stackConfig("gcp", "dev", { [`${ns}:backup`]: { retentionDays: 36524 } })).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
        assert.strictEqual(parsePlatformConfig(flat, { project: ns, stack: "dev" }).backup.retentionDays, 36524);
    });

    it("reports the soft-delete days as the buckets' default immutability to the policy pack", async () => {
        const strict = await planFor(stackConfig("gcp", "prod", { [`${ns}:lake`]: lake }), {
            policyPackConfig: policyConfigFile({ all: "mandatory", "storage-default-immutability": { minLockDays: 60 } }),
        });
        const flagged = strict.analysis.violations.filter((v) => v.policy === "storage-default-immutability");
        // The backup bucket is a backup store, judged by backup-retention instead.
        assert.deepStrictEqual(flagged.map((v) => v.urn).sort(), ["lake", "replica"].map((n) => one(strict, T.bucket, n).urn).sort());
        assert.ok(flagged.every((v) => /locks new versions for 45 days \(at least 60 required\)/.test(v.message)));
    });

    it("refuses lockDays that Cloud Storage soft delete cannot keep, and accepts its bounds", () => {
        for (const days of [3, 91]) {
            // Dev: in prod a lock shorter than backup.retentionDays is refused first.
            const err = configError({ [`${ns}:lake`]: { lockDays: days, noncurrentVersionDays: 365 } }, "dev");
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

    it("replicates the lake to the replica in the backup region with a Storage Transfer replication job, once its grants have propagated", () => {
        const lakeBucket = one(prod, T.bucket, "lake");
        const replica = one(prod, T.bucket, "replica");
        assert.notStrictEqual(regionOf(prod, lakeBucket), regionOf(prod, replica));
        const job = one(prod, T.transferJob, "lake-to-replica");
        const spec = job.inputs.replicationSpec as any;
        assert.deepStrictEqual([spec.gcsDataSource.bucketName, spec.gcsDataSink.bucketName], [lakeBucket.inputs.name, replica.inputs.name]);
        assert.ok(job.propertyDependencies.replicationSpec.includes(lakeBucket.urn) && job.propertyDependencies.replicationSpec.includes(replica.urn));
        assert.strictEqual(spec.transferOptions.metadataOptions.kmsKey, "KMS_KEY_DESTINATION_BUCKET_DEFAULT");
        assert.strictEqual(job.inputs.status, "ENABLED");
        const pubsub = ofType(prod, T.projectGrant).filter((g) => String(g.inputs.role).startsWith("roles/pubsub."));
        assert.deepStrictEqual(pubsub.map((g) => [g.inputs.project, g.inputs.role, g.inputs.member]).sort(), [
            [project, "roles/pubsub.editor", transferAgent],
            [project, "roles/pubsub.publisher", storageAgent],
        ]);
        const ready = sleepBefore(prod, job);
        for (const g of [...ofType(prod, T.bucketGrant).filter((x) => x.inputs.member === transferAgent), ...pubsub]) {
            assert.ok(ready.dependencies.includes(g.urn), `the job waits until ${g.name} has propagated`);
        }
        assert.strictEqual(prod.outputs.replicaRegion, "us-east1");
        assert.deepStrictEqual([prod.outputs.recoveryPointObjectiveMinutes, prod.outputs.recoveryPointObjectiveBasis], [60, "best-effort"], "cross-bucket replication states no bound");
    });

    it("grants the Storage Transfer agent per bucket and role once: the console's roles for replication, read-only / create-only for the daily copy", () => {
        const [lakeName, replicaName, backupName] = ["lake", "replica", "backup"].map((n) => one(prod, T.bucket, n).inputs.name);
        // The Storage Transfer agent's (the feature store's export agent has a grant of its own on the lake).
        const transferGrants = ofType(prod, T.bucketGrant).filter((g) => g.inputs.member === transferAgent);
        assert.deepStrictEqual(transferGrants.map((g) => [g.inputs.bucket, g.inputs.role, g.inputs.member]).sort(), [
            [lakeName, "roles/storage.legacyBucketOwner", transferAgent],
            [lakeName, "roles/storage.objectViewer", transferAgent],
            [lakeName, "roles/storage.legacyBucketReader", transferAgent],
            [replicaName, "roles/storage.legacyBucketWriter", transferAgent],
            [replicaName, "roles/storage.objectViewer", transferAgent],
            [backupName, "roles/storage.objectCreator", transferAgent],
            [backupName, "roles/storage.legacyBucketReader", transferAgent],
        ].sort());
        // No role that deletes objects in the backup bucket.
        assert.ok(ofType(prod, T.bucketGrant).filter((g) => g.inputs.bucket === backupName).every((g) => !/Writer|Owner|objectUser|objectAdmin|admin/.test(String(g.inputs.role))));
    });

    it("copies the lake daily into a backup-region bucket whose retention policy keeps each copy retentionDays: locked in prod, unlocked in dev", () => {
        for (const [r, days, locked] of [[prod, retentionDays, true], [dev, 7, false]] as const) {
            const backup = one(r, T.bucket, "backup");
            assert.strictEqual(regionOf(r, backup), "us-east1");
            assert.strictEqual(backup.inputs.name, `adp-test-backup-${project}-us-east1`);
            assert.deepStrictEqual(backup.inputs.retentionPolicy, { retentionPeriod: String(days * day), isLocked: locked });
            assert.deepStrictEqual(backup.inputs.versioning, { enabled: false }, "GCS refuses a retention policy on a versioned bucket");
            assert.deepStrictEqual(backup.inputs.labels, { "ai-data-platform-role": "backup" });
            assert.deepStrictEqual(backup.inputs.lifecycleRules, [
                { action: { type: "Delete" }, condition: { age: days, withState: "ANY" } },
                { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7, withState: "ANY" } },
            ]);
            assert.strictEqual(backup.inputs.storageClass, backupStorageClass(days));
            assert.strictEqual((backup.inputs.encryption as any).googleManagedEncryptionEnforcementConfig.restrictionMode, "FullyRestricted");

            const job = one(r, T.transferJob, "lake-to-backup");
            const spec = job.inputs.transferSpec as any;
            assert.deepStrictEqual([spec.gcsDataSource.bucketName, spec.gcsDataSink.bucketName], [one(r, T.bucket, "lake").inputs.name, backup.inputs.name]);
            assert.deepStrictEqual(spec.gcsDataSink.path, undefined, "one fixed path: each object name holds one copy");
            assert.deepStrictEqual(spec.transferOptions, {
                overwriteWhen: "NEVER",
                deleteObjectsUniqueInSink: false,
                deleteObjectsFromSourceAfterTransfer: false,
                metadataOptions: { kmsKey: "KMS_KEY_DESTINATION_BUCKET_DEFAULT", storageClass: "STORAGE_CLASS_DESTINATION_BUCKET_DEFAULT", timeCreated: "TIME_CREATED_PRESERVE_AS_CUSTOM_TIME" },
            });
            assert.deepStrictEqual((job.inputs.schedule as any).repeatInterval, `${day}s`, "daily");
            assert.strictEqual(job.inputs.replicationSpec, undefined);
            assert.strictEqual(sleepBefore(r, job).urn, sleepBefore(r, one(r, T.transferJob, "lake-to-replica")).urn);
        }
        assert.deepStrictEqual([backupStorageClass(7), backupStorageClass(35), backupStorageClass(90), backupStorageClass(400)], ["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"]);
        assert.strictEqual(prod.outputs.backupRetentionDays, retentionDays);
        assert.deepStrictEqual(prod.outputs.backupVaultIds, [`projects/_/buckets/adp-test-backup-${project}-us-east1`], "the bucket that plays the vault's part");
    });

    it("alerts on each transfer job's errors and failed objects, mailing backup.alertEmail only when it is set", () => {
        assert.strictEqual(
            transferJobFilter("transferJobs/1", "error_count", false),
            'resource.type = "storage_transfer_job" AND resource.label.job_id = "transferJobs/1" AND metric.type = "storagetransfer.googleapis.com/transferjob/error_count"',
        );
        for (const [r, mailed] of [[prod, true], [dev, false]] as const) {
            const channels = ofType(r, T.channel);
            assert.deepStrictEqual(channels.map((c) => [c.inputs.type, (c.inputs.labels as any).email_address]), mailed ? [["email", alertEmail]] : []);
            for (const [policy, job, failed] of [
                ["lake-replication-failures", "lake-to-replica", "object_replication_count"],
                ["lake-backup-copy-failures", "lake-to-backup", "copied_objects_count"],
            ]) {
                const p = one(r, T.alertPolicy, policy);
                assert.strictEqual(p.inputs.combiner, "OR");
                assert.ok(p.propertyDependencies.conditions.includes(one(r, T.transferJob, job).urn), `${policy} watches ${job}`);
                const conditions = (p.inputs.conditions as any[]).map((c) => c.conditionThreshold);
                for (const c of conditions) {
                    assert.deepStrictEqual([c.comparison, c.thresholdValue, c.aggregations], ["COMPARISON_GT", 0, [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_SUM" }]]);
                }
                // Offline the job's name is unknown, and with it the filters: what they select is checked below.
                assert.strictEqual(conditions.length, 2, `${policy}: errors and ${failed}`);
                assert.match(transferJobFilter("transferJobs/1", failed, true), new RegExp(`job_id = "transferJobs/1" AND metric.type = "storagetransfer.googleapis.com/transferjob/${failed}" AND metric.label.status = "failed"$`));
                assert.strictEqual(p.propertyDependencies.notificationChannels?.length ?? 0, mailed ? 1 : 0);
                if (mailed) assert.ok(p.propertyDependencies.notificationChannels.includes(channels[0].urn));
            }
        }
    });

    it("builds nothing of Backup and DR, which has no Cloud Storage workload", () => {
        for (const r of [prod, dev]) {
            const backupdr = ofType(r, T.serviceIdentity).filter((x) => x.inputs.service === "backupdr.googleapis.com");
            assert.deepStrictEqual([...ofType(r, T.vault), ...ofType(r, T.plan), ...ofType(r, T.association), ...backupdr].map((x) => x.name), []);
            assert.ok(!ofType(r, T.projectGrant).some((g) => String(g.inputs.role).startsWith("roles/backupdr.")));
        }
    });

    it("a prod stack keeping backups 1 day ends non-zero, with a backup-retention violation naming the backup bucket's retention", async () => {
        const short = await planFor(stackConfig("gcp", "prod", { [`${ns}:lake`]: { lockDays: 7 }, [`${ns}:backup`]: { retentionDays: 1 } }));
        assert.strictEqual(short.exitCode, 1);
        const flagged = short.analysis.violations.filter((v) => v.policy === "backup-retention");
        // The feature store's automated backups are kept backup.retentionDays too.
        const instances = ["feature-store", "feature-store-secondary"].map((n) => one(short, "gcp:memorystore/instance:Instance", n).urn);
        assert.deepStrictEqual(flagged.map((v) => [v.level, v.urn]), [["mandatory", one(short, T.bucket, "backup").urn], ...instances.map((u) => ["mandatory", u])]);
        assert.match(flagged[0].message, /gcp:storage\/bucket:Bucket "backup": bucket retention policy keeps backups 1 days \(at least 35 required\)\.$/);
    });

    it("prod retains every data-bearing resource (in options and in deletionPolicy) and never force-destroys; dev retains nothing and tears down", () => {
        assert.strictEqual(dataBearing(prod).length, 7);
        assert.deepStrictEqual(dataBearing(prod).filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        const withPolicy = (r: PlanResult) => [...ofType(r, T.bucket), ...ofType(r, T.key), ...ofType(r, T.transferJob)];
        assert.ok(withPolicy(prod).every((x) => x.inputs.deletionPolicy === "ABANDON"));
        assert.ok(ofType(prod, T.bucket).every((b) => b.inputs.forceDestroy === false));

        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
        assert.ok(withPolicy(dev).every((x) => x.inputs.deletionPolicy === "DELETE"));
        assert.ok(ofType(dev, T.bucket).every((b) => b.inputs.forceDestroy === true));
    });
});

describe("GCP prod keeps what its retained feature store and Airflow database need (examples/gcp-*.yaml)", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await examplePlan("gcp", "prod");
        dev = await examplePlan("gcp", "dev");
    });

    it("prod retains the stores, the database and what keeps them reachable and encrypted; nothing a retained resource uses is left to a swap; dev retains nothing", () => {
        // A service connection policy only lets Memorystore create endpoints; the kept instances' endpoints stay
        // when it goes (docs/verify-on-first-deploy.md), so it is not kept.
        const pscPolicy = (x: RecordedResource) => x.type === "gcp:networkconnectivity/serviceConnectionPolicy:ServiceConnectionPolicy";
        assert.deepStrictEqual(unretainedNeeds(prod, pscPolicy), []);
        assert.deepStrictEqual(retainedUnder(prod, featureStoreComponent), [
            // The secondary's endpoints hold addresses in it.
            "gcp:compute/subnetwork:Subnetwork feature-store-backup-psc",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember feature-store-key-backup",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember feature-store-key-primary",
            "gcp:memorystore/instance:Instance feature-store",
            "gcp:memorystore/instance:Instance feature-store-secondary",
        ]);
        assert.deepStrictEqual(retainedUnder(prod, airflowComponent), [
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember airflow-database-sql-agent",
            "gcp:sql/database:Database airflow-database",
            "gcp:sql/databaseInstance:DatabaseInstance airflow-database",
            "gcp:sql/user:User airflow-database",
        ]);
        // Cloud SQL's private address is in the Private Service Access range, reached through its peering:
        // Google refuses to delete the connection under a kept instance.
        const network = prod.resources.filter((x) => x.retainOnDelete && x.parent?.includes("ai-data-platform:network:Network")).map((x) => `${x.type} ${x.name}`);
        assert.ok(["gcp:compute/globalAddress:GlobalAddress managed-services", "gcp:servicenetworking/connection:Connection managed-services"].every((n) => network.includes(n)), network.join(", "));
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
    });
});
