import { createHash } from "crypto";
import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { abortIncompleteUploadDays, LakeOutputs, LakeSettings, StoreArgs } from "./contract";

export interface ProtectedBucket extends LakeOutputs {
    readonly bucket: gcp.storage.Bucket;
    /**
     * Done once the Cloud Storage agent's grant on the bucket's key has had time to propagate: another
     * bucket on the same key waits for it instead of granting the same member again (two resources
     * holding one binding would remove it for both when either goes).
     */
    readonly keyReady: pulumi.Resource;
}

const secondsPerDay = 86400;
// https://cloud.google.com/storage/docs/buckets#naming
const maxBucketNameLength = 63;

/**
 * A Cloud Storage bucket with every protection the lake needs, used for the lake and for its
 * replica so both carry the same ones. Unlike S3, GCS keeps them all on the bucket itself.
 */
export function protectedBucket(parent: pulumi.ComponentResource, name: string, args: StoreArgs): ProtectedBucket {
    const { ctx, provider, key, settings } = args;
    const data = (extra: ExtraOptions = {}) => dataOptions(parent, provider, ctx, extra);

    // Cloud Storage encrypts and decrypts as its service agent, so the agent must be able to use the
    // key before the bucket names it as its default. The data source creates the agent if need be.
    // https://cloud.google.com/storage/docs/encryption/using-customer-managed-keys
    const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project: gcpProjectOf(ctx) }, { parent, provider });
    const keyGrant = new gcp.kms.CryptoKeyIAMMember(
        `${name}-storage-agent`,
        { cryptoKeyId: key.resourceId, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: storageAgent.member },
        data(),
    );
    // IAM is eventually consistent: a bucket created right after the grant can be refused with
    // "Permission denied on Cloud KMS key" (googleapis/nodejs-storage#1254), so it waits.
    const keyReady = afterPropagation(`${name}-key`, [keyGrant], "gcp", parent);

    const bucket = new gcp.storage.Bucket(
        name,
        {
            ...encryptedBucketArgs(ctx, args.role, key),
            storageClass: "STANDARD",
            versioning: { enabled: true },
            softDeletePolicy: { retentionDurationSeconds: softDeleteSeconds(settings) },
            lifecycleRules: lifecycleRules(settings),
            // Dev empties the bucket on destroy; prod never does and abandons the bucket instead.
            forceDestroy: !ctx.retainData,
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        data({ dependsOn: [keyReady] }),
    );

    return { bucket, keyReady, ...bucketOutputs(bucket, key) };
}

/**
 * What every platform bucket shares: a fixed name, its key's region, access through IAM only, never
 * public, and the platform key as the only key new objects may use.
 */
export function encryptedBucketArgs(ctx: Pick<PlatformContext, "stack" | "gcpProject">, role: string, key: KeyRef) {
    return {
        // Fixed by project and region (not random): known during a preview, so the transfer jobs that
        // name it can be checked before deploying. Bucket names free up when a bucket is deleted.
        name: bucketName(ctx, role, key.region),
        project: gcpProjectOf(ctx),
        // A regional bucket: the copies in the backup region have buckets and settings of their own.
        location: key.region.toUpperCase(),
        // IAM alone decides access (no object ACLs), and no IAM grant can make the bucket public.
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        encryption: {
            defaultKmsKeyName: key.id,
            // New objects must use the platform key: neither Google's own keys nor keys a client
            // sends along (which would sidestep the key's rotation and audit) are accepted.
            googleManagedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
            customerSuppliedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
        },
    } satisfies Partial<gcp.storage.BucketArgs>;
}

export function bucketOutputs(bucket: gcp.storage.Bucket, key: KeyRef): LakeOutputs {
    return {
        name: bucket.name,
        url: pulumi.interpolate`gs://${bucket.name}`,
        keyId: key.id,
        region: key.region,
        resourceId: pulumi.interpolate`projects/_/buckets/${bucket.name}`,
    };
}

/**
 * The default immutability GCS offers next to Object Versioning. A bucket retention policy (Bucket
 * Lock) would lock every object for lockDays, but GCS does not allow it on a versioned bucket;
 * soft delete keeps every deleted or replaced version restorable, and impossible to purge, for
 * lockDays instead. 0 turns it off, which keeps a dev bucket cheap and quick to tear down.
 * https://cloud.google.com/storage/docs/soft-delete · https://cloud.google.com/storage/docs/bucket-lock
 */
function softDeleteSeconds(settings: LakeSettings): number {
    return settings.lockDays * secondsPerDay;
}

/**
 * Tiering to NEARLINE (infrequent access) and ARCHIVE, expiry of superseded versions, and cleanup of
 * unfinished multipart uploads. ARCHIVE rather than COLDLINE: it is the cheapest class at rest and,
 * unlike S3 Glacier, still serves reads in milliseconds, so training jobs can read old data in place.
 * Each transition matches only warmer classes, so no rule ever moves an object back up.
 * Every condition states `withState`: the provider computes it when a rule leaves it out, so the
 * policy pack could not read it during a preview; ANY is what it sends (nothing) and reads back then.
 * https://cloud.google.com/storage/docs/lifecycle · https://cloud.google.com/storage/docs/storage-classes
 */
function lifecycleRules(settings: LakeSettings): gcp.types.input.storage.BucketLifecycleRule[] {
    return [
        {
            action: { type: "SetStorageClass", storageClass: "NEARLINE" },
            condition: { age: settings.coldAfterDays, matchesStorageClasses: ["STANDARD"], withState: "ANY" },
        },
        {
            action: { type: "SetStorageClass", storageClass: "ARCHIVE" },
            condition: { age: settings.archiveAfterDays, matchesStorageClasses: ["STANDARD", "NEARLINE"], withState: "ANY" },
        },
        {
            action: { type: "Delete" },
            condition: { daysSinceNoncurrentTime: settings.noncurrentVersionDays, withState: "ARCHIVED" },
        },
        {
            action: { type: "AbortIncompleteMultipartUpload" },
            condition: { age: abortIncompleteUploadDays, withState: "ANY" },
        },
    ];
}

/**
 * `adp-prod-lake-my-project-us-central1`: lowercase, globally unique through the project id, and cut
 * to the 63 characters GCS allows with a short hash of the full name, so it stays deterministic.
 */
export function bucketName(ctx: Pick<PlatformContext, "stack" | "gcpProject">, role: string, region: string): string {
    const full = `${namePrefix(ctx)}-${role}-${gcpProjectOf(ctx)}-${region}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
    if (full.length <= maxBucketNameLength) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    return `${full.slice(0, maxBucketNameLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
