import { databaseTypes } from "./airflow";
import { PolicyResource } from "@pulumi/policy";
import { awsKeys, customerKeyIn } from "./keys";
import { ResourceIndex } from "./resource-index";
import { asArray, minDefined, parseDocument, regionName } from "./values";
import { BackupRuleView, CloudAdapter, DataStoreView, Lifecycle, ObjectStoreView, ReplicationEdge, Transport } from "./views";

const t = {
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    policy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    objectLock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    kmsKey: "aws:kms/key:Key",
    vault: "aws:backup/vault:Vault",
    plan: "aws:backup/plan:Plan",
};

const coldClasses = ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING"];
// All three are archive classes for tiering. The platform archives to GLACIER_IR, the one of them
// AWS Backup backs up; objects in GLACIER or DEEP_ARCHIVE are skipped by S3 backups.
const archiveClasses = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];
/** AWS Backup keeps continuous (point-in-time) backups 35 days at most. */
const continuousBackupMaxDays = 35;

export const awsAdapter: CloudAdapter = {
    cloud: "aws",
    objectStores: (index) => index.ofType(t.bucket).map((bucket) => bucketView(index, bucket)),
    otherDataStores: (index) =>
        index.ofType(t.vault).map<DataStoreView>((vault) => ({
            cloud: "aws",
            resource: vault,
            kind: "backup vault",
            encryptionKey: () => customerKeyIn(vault, "kmsKeyArn", awsKeys, () => vault.props.kmsKeyArn),
        })),
    replicationEdges: (index) =>
        index.ofType(t.replication).flatMap<ReplicationEdge>((via) => {
            if (!asArray(via.props.rules).some((rule) => rule.status === "Enabled")) {
                return [];
            }
            const sources = (via.propertyDependencies.bucket ?? []).filter((r) => r.type === t.bucket);
            const targets = (via.propertyDependencies.rules ?? []).filter((r) => r.type === t.bucket);
            return sources.flatMap((source) => targets.map((target) => ({ via, source, target })));
        }),
    keys: {
        [t.kmsKey]: (props) => {
            // Only symmetric encryption keys can rotate automatically.
            const spec = props.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
            if ((props.keyUsage ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT" || spec !== "SYMMETRIC_DEFAULT") {
                return undefined;
            }
            return { rotationDays: () => (props.enableKeyRotation === true ? (props.rotationPeriodInDays ?? 365) : undefined) };
        },
    },
    backupPlans: {
        [t.plan]: (props) =>
            asArray(props.rules).flatMap<BackupRuleView>((rule) => {
                const days: number | undefined = rule.lifecycle?.deleteAfter;
                const cap = rule.enableContinuousBackup === true ? { maxRetentionDays: continuousBackupMaxDays } : {};
                return [
                    { name: `rule ${rule.ruleName}`, retentionDays: days, ...cap },
                    // A copy without a lifecycle of its own keeps the source rule's.
                    ...asArray(rule.copyActions).map((copy) => ({ name: `copy of rule ${rule.ruleName}`, retentionDays: copy.lifecycle?.deleteAfter ?? days })),
                ];
            }),
    },
    // ...and Airflow's metadata database (policy/lib/airflow.ts).
    dataBearingTypes: [t.bucket, t.kmsKey, t.vault, databaseTypes.rds],
};

function bucketView(index: ResourceIndex, bucket: PolicyResource): ObjectStoreView {
    const sidecars = (type: string) => index.dependentsOf(bucket, type, "bucket");
    return {
        cloud: "aws",
        resource: bucket,
        kind: "bucket",
        // The platform states it: left out, region is a computed output, which the offline preview
        // holds unknown (the provider's plan fills in its own). The provider is read only when absent.
        region: () => regionName(bucket.props.region ?? bucket.provider?.props.region),
        versioning: () => {
            // A BucketVersioning, applied after its bucket, decides; only without one does the legacy
            // inline setting count. Read last: the provider computes it when unset, so it is unknown
            // during a first preview, and reading it stops the policy.
            const split = sidecars(t.versioning);
            if (split.length) {
                return split.some((v) => v.props.versioningConfiguration?.status === "Enabled");
            }
            return bucket.props.versioning?.enabled === true;
        },
        encryptionKey: () => {
            for (const sse of sidecars(t.encryption)) {
                for (const rule of asArray(sse.props.rules)) {
                    const byDefault = rule.applyServerSideEncryptionByDefault;
                    if (byDefault && String(byDefault.sseAlgorithm).startsWith("aws:kms")) {
                        const key = customerKeyIn(sse, "rules", awsKeys, () => byDefault.kmsMasterKeyId);
                        if (key) {
                            return key;
                        }
                    }
                }
            }
            return undefined;
        },
        publicAccessGaps: () => {
            const gaps: string[] = [];
            const blocks = sidecars(t.publicAccess);
            const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
            if (!blocks.length) {
                gaps.push("no BucketPublicAccessBlock");
            } else {
                gaps.push(...flags.filter((f) => !blocks.some((b) => b.props[f] === true)).map((f) => `${f} is not true`));
            }
            if (!sidecars(t.ownership).some((o) => o.props.rule?.objectOwnership === "BucketOwnerEnforced")) {
                gaps.push("ACLs are enabled (no BucketOwnershipControls with BucketOwnerEnforced)");
            }
            return gaps;
        },
        transport: () => bucketTransport(sidecars(t.policy).map((p) => p.props.policy)),
        lifecycle: () => bucketLifecycle(sidecars(t.lifecycle)),
        defaultLock: () => {
            // The bucket's flag last, once a default retention is found: the provider computes it
            // when unset (unknown during a first preview, and reading it stops the policy).
            for (const lock of sidecars(t.objectLock)) {
                const retention = lock.props.rule?.defaultRetention;
                if (retention && (retention.days || retention.years)) {
                    return bucket.props.objectLockEnabled !== true
                        ? undefined
                        : {
                              days: retention.days ?? retention.years * 365,
                              mode: String(retention.mode).toUpperCase() === "COMPLIANCE" ? "compliance" : "governance",
                          };
                }
            }
            return undefined;
        },
    };
}


function bucketTransport(documents: unknown[]): Transport {
    let tlsOnly = false;
    let minTlsVersion: string | undefined;
    for (const doc of documents.map(parseDocument)) {
        for (const s of asArray(doc?.Statement)) {
            if (s.Effect !== "Deny" || !everyone(s.Principal) || !coversAllS3(s.Action)) {
                continue;
            }
            const secure = s.Condition?.Bool?.["aws:SecureTransport"];
            if (secure === false || secure === "false") {
                tlsOnly = true;
            }
            const tls = s.Condition?.NumericLessThan?.["s3:TlsVersion"];
            if (tls !== undefined && (!minTlsVersion || Number(tls) > Number(minTlsVersion))) {
                minTlsVersion = String(tls);
            }
        }
    }
    return { tlsOnly, ...(minTlsVersion ? { minTlsVersion } : {}) };
}

function everyone(principal: unknown): boolean {
    return principal === "*" || (typeof principal === "object" && principal !== null && (principal as { AWS?: unknown }).AWS === "*");
}

function coversAllS3(action: unknown): boolean {
    return asArray(action).some((a) => a === "s3:*" || a === "*");
}

function bucketLifecycle(configs: PolicyResource[]): Lifecycle {
    const rules = configs.flatMap((c) => asArray(c.props.rules)).filter((r) => r.status === "Enabled" && wholeBucket(r));
    const transitionDays = (classes: string[]) =>
        minDefined(...rules.flatMap((r) => asArray(r.transitions).filter((x) => classes.includes(x.storageClass)).map((x) => x.days)));
    return {
        coldAfterDays: transitionDays(coldClasses),
        archiveAfterDays: transitionDays(archiveClasses),
        noncurrentExpiryDays: minDefined(...rules.map((r) => r.noncurrentVersionExpiration?.noncurrentDays)),
        abortIncompleteUploadDays: minDefined(...rules.map((r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation)),
    };
}

/**
 * Whether a rule applies to every object: a rule filtered to a prefix or tag tiers only part of the
 * lake. Prefixes are read last, and only where they can still decide: an unset one is a computed
 * output (the provider plans "" for it; the offline preview holds it unknown, which stops the
 * policy). The rule-level `prefix` (deprecated) is never read beside a `filter`: S3 takes one or
 * the other.
 */
function wholeBucket(rule: any): boolean {
    const f = rule.filter;
    if (!f) {
        return !rule.prefix;
    }
    if (f.tag || (f.and && (Object.keys(f.and.tags ?? {}).length || f.and.prefix))) {
        return false;
    }
    return !f.prefix;
}
