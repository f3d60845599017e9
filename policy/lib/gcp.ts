import { databaseTypes } from "./airflow";
import { PolicyResource } from "@pulumi/policy";
import { gcpKeys, customerKeyIn } from "./keys";
import { ResourceIndex } from "./resource-index";
import { asArray, durationDays, minDefined, regionName } from "./values";
import { BackupRuleView, CloudAdapter, DataStoreView, DefaultLock, Lifecycle, ObjectStoreView, ReplicationEdge } from "./views";
import { retainedByDeletionPolicy } from "./gcp-deletion-policy";
import { isGcpBackupBucket, retentionPolicyDays } from "./gcp-backup";

const t = {
    bucket: "gcp:storage/bucket:Bucket",
    transferJob: "gcp:storage/transferJob:TransferJob",
    keyRing: "gcp:kms/keyRing:KeyRing",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    vault: "gcp:backupdisasterrecovery/backupVault:BackupVault",
    plan: "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
};

const coldClasses = ["NEARLINE"];
const archiveClasses = ["COLDLINE", "ARCHIVE"];
/** The class new objects land in; a tiering rule limited to other classes misses them. */
const landingClasses = ["STANDARD", "MULTI_REGIONAL", "REGIONAL"];
const secondsPerDay = 86400;

export const gcpAdapter: CloudAdapter = {
    cloud: "gcp",
    // A bucket labelled as holding scheduled backups is a backup store, not an object store (gcp-backup.ts).
    objectStores: (index) => index.ofType(t.bucket).filter((b) => !isGcpBackupBucket(b.props)).map((bucket) => bucketView(bucket)),
    otherDataStores: (index) => [
        // Backup and DR vaults take a Cloud KMS key of their own location (encryptionConfig).
        ...index.ofType(t.vault).map<DataStoreView>((vault) => ({
            cloud: "gcp",
            resource: vault,
            kind: "backup vault",
            encryptionKey: () => customerKeyIn(vault, "encryptionConfig", gcpKeys, () => vault.props.encryptionConfig?.kmsKeyName),
        })),
        ...index.ofType(t.bucket).filter((b) => isGcpBackupBucket(b.props)).map<DataStoreView>((bucket) => ({
            cloud: "gcp",
            resource: bucket,
            kind: "backup bucket",
            encryptionKey: () => customerKeyIn(bucket, "encryption", gcpKeys, () => bucket.props.encryption?.defaultKmsKeyName),
            // Every bucket of the platform is kept private, whatever it holds.
            publicAccessGaps: () => bucketPublicAccessGaps(bucket.props),
        })),
    ],
    replicationEdges: (index) => index.ofType(t.transferJob).flatMap((via) => replicationEdges(index, via)),
    keys: {
        [t.cryptoKey]: (props) => {
            // Only symmetric encryption keys rotate automatically; asymmetric and MAC keys cannot.
            if ((props.purpose ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") {
                return undefined;
            }
            return { rotationDays: () => durationDays(props.rotationPeriod) };
        },
    },
    backupPlans: {
        [t.plan]: (props) =>
            asArray(props.backupRules).map<BackupRuleView>((rule) => ({ name: `rule ${rule.ruleId}`, retentionDays: rule.backupRetentionDays })),
        // A backup bucket keeps each copy as long as its retention policy (Bucket Lock) forbids
        // deleting it, and no longer: without one, a copy can be deleted the moment it lands (0 days).
        [t.bucket]: (props) => (isGcpBackupBucket(props) ? [{ name: "bucket retention policy", retentionDays: retentionPolicyDays(props) }] : []),
    },
    dataBearingTypes: [t.bucket, t.keyRing, t.cryptoKey, t.vault, databaseTypes.cloudSql],
    retainedByInputs: (type, props) => {
        if (type === t.keyRing) {
            // Cloud KMS never deletes a key ring: removing one from the program only forgets it.
            return true;
        }
        return retainedByDeletionPolicy(props);
    },
};

function bucketView(bucket: PolicyResource): ObjectStoreView {
    const props = bucket.props;
    return {
        cloud: "gcp",
        resource: bucket,
        kind: "bucket",
        region: () => regionName(props.location),
        versioning: () => props.versioning?.enabled === true,
        encryptionKey: () => customerKeyIn(bucket, "encryption", gcpKeys, () => props.encryption?.defaultKmsKeyName),
        publicAccessGaps: () => bucketPublicAccessGaps(props),
        // Not judged here: a bucket has no transport setting. HTTPS only is the cloud's ("JSON API
        // endpoints only accept HTTPS requests", https://cloud.google.com/storage/docs/request-endpoints),
        // but TLS 1.0 and 1.1 are refused only where the project's or organization's
        // gcp.restrictTLSVersion policy denies them (https://cloud.google.com/assured-workloads/docs/restrict-tls-versions),
        // which no bucket shows: the TLS floor is checked on first deploy (docs/verify-on-first-deploy.md).
        transport: () => "enforced-by-cloud",
        lifecycle: () => bucketLifecycle(asArray(props.lifecycleRules)),
        defaultLock: () => bucketLock(props),
    };
}

/** What lets the public into a bucket: public access prevention not enforced, object ACLs in force. */
function bucketPublicAccessGaps(props: Record<string, any>): string[] {
    const gaps: string[] = [];
    if (props.publicAccessPrevention !== "enforced") {
        gaps.push("publicAccessPrevention is not enforced");
    }
    if (props.uniformBucketLevelAccess !== true) {
        gaps.push("uniformBucketLevelAccess is not true (object ACLs apply)");
    }
    return gaps;
}

/**
 * What protects every new version by default: a bucket retention policy (Bucket Lock; compliance
 * once locked), else soft delete, which keeps deleted and replaced versions restorable but which a
 * storage admin can shorten for later deletes (governance). The stronger of the two counts.
 */
function bucketLock(props: Record<string, any>): DefaultLock | undefined {
    const retention = props.retentionPolicy;
    const retentionDays = retention ? Number(retention.retentionPeriod) / secondsPerDay : 0;
    if (retentionDays > 0) {
        return { days: retentionDays, mode: retention.isLocked === true ? "compliance" : "governance" };
    }
    // Without an explicit policy GCS applies a default the program cannot see (7 days, or whatever
    // the organization set), so none is reported.
    const softDeleteDays = Number(props.softDeletePolicy?.retentionDurationSeconds ?? 0) / secondsPerDay;
    return softDeleteDays > 0 ? { days: softDeleteDays, mode: "governance" } : undefined;
}

function bucketLifecycle(rules: any[]): Lifecycle {
    const transitionDays = (classes: string[]) =>
        minDefined(
            ...rules
                .filter((r) => r.action?.type === "SetStorageClass" && classes.includes(r.action.storageClass) && wholeBucket(r.condition))
                .map((r) => r.condition?.age),
        );
    return {
        coldAfterDays: transitionDays(coldClasses),
        archiveAfterDays: transitionDays(archiveClasses),
        noncurrentExpiryDays: minDefined(
            ...rules.filter((r) => r.action?.type === "Delete" && wholeBucket(r.condition, true)).map((r) => r.condition?.daysSinceNoncurrentTime),
        ),
        abortIncompleteUploadDays: minDefined(
            ...rules.filter((r) => r.action?.type === "AbortIncompleteMultipartUpload" && wholeBucket(r.condition, true)).map((r) => r.condition?.age),
        ),
    };
}

// A rule narrowed by name, size, date or custom time covers only part of the lake; a tiering rule
// limited to classes objects never land in, or to noncurrent versions, misses new data. `cleanup`
// marks rules about old versions or uploads, for which only a LIVE-only state is too narrow.
function wholeBucket(condition: any, cleanup = false): boolean {
    const c = condition ?? {};
    const narrowed = ["matchesPrefixes", "matchesSuffixes"].some((k) => asArray(c[k]).length > 0) ||
        ["createdBefore", "customTimeBefore", "daysSinceCustomTime", "noncurrentTimeBefore", "sizeAboveBytes", "sizeBelowBytes"].some((k) => c[k] !== undefined && c[k] !== null && c[k] !== "" && c[k] !== 0);
    const classes = asArray(c.matchesStorageClasses);
    const missesNewObjects = classes.length > 0 && !classes.some((cls) => landingClasses.includes(cls));
    if (narrowed || (missesNewObjects && !cleanup)) {
        return false;
    }
    // Read last: the provider computes `withState` when a rule leaves it out (Optional+Computed, so
    // unknown in a preview of a new bucket) and reads a rule sent without one back as ANY.
    const state = c.withState ?? "ANY";
    return cleanup ? state !== "LIVE" : state !== "ARCHIVED";
}

/**
 * Source and sink of a replication job, found among the buckets its `replicationSpec` is built from
 * (or, for a job naming buckets by literal text, among all buckets) by the names the spec gives.
 * Bucket names are inputs, so they are known during a preview.
 */
function replicationEdges(index: ResourceIndex, via: PolicyResource): ReplicationEdge[] {
    const spec = via.props.replicationSpec;
    if (!spec || (via.props.status ?? "ENABLED") !== "ENABLED") {
        return [];
    }
    const linked = (via.propertyDependencies.replicationSpec ?? []).filter((r) => r.type === t.bucket);
    const candidates = linked.length ? linked : index.ofType(t.bucket);
    const named = (name: unknown) => (typeof name === "string" ? candidates.filter((b) => b.props.name === name) : []);
    const sources = named(spec.gcsDataSource?.bucketName);
    const targets = named(spec.gcsDataSink?.bucketName);
    return sources.flatMap((source) => targets.map((target) => ({ via, source, target })));
}

