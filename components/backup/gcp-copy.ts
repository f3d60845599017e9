import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpBackupBucketLabel } from "../../policy/lib/gcp-backup";
import { abortIncompleteUploadDays } from "../lake/contract";
import { encryptedBucketArgs } from "../lake/gcp-bucket";
import { namePrefix } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { dataOptions } from "../shared/options";
import { LakeBackupArgs } from "./contract";

const secondsPerDay = 86400;

/**
 * Storage classes by minimum storage duration: a copy is deleted after exactly retentionDays, so the
 * coldest class whose minimum that reaches is never charged for early deletion. Every class serves
 * reads in milliseconds, which is what a restore needs. https://cloud.google.com/storage/docs/storage-classes
 */
const classesByMinimumDays: readonly [number, string][] = [
    [365, "ARCHIVE"],
    [90, "COLDLINE"],
    [30, "NEARLINE"],
];

export function backupStorageClass(retentionDays: number): string {
    return classesByMinimumDays.find(([days]) => retentionDays >= days)?.[1] ?? "STANDARD";
}

/** The first run: a fixed day in the past, so the job runs daily from the day after it is created (and never changes). */
const scheduleStartDate = { year: 2026, month: 1, day: 1 };
/** 03:00 UTC, outside the working day of the regions the platform is usually deployed in. */
const startTimeOfDay = { hours: 3, minutes: 0, seconds: 0, nanos: 0 };

/**
 * A daily copy of the lake into a bucket of the backup region that keeps every object it receives
 * for retentionDays and refuses to delete or overwrite it before then: a bucket retention policy
 * (Bucket Lock), locked in prod, so nobody — project owners included — can shorten it
 * (compliance); unlocked in dev, where an admin can remove it (governance).
 * https://cloud.google.com/storage/docs/bucket-lock
 *
 * The copy is a Storage Transfer Service job with `transferSpec` and a daily `schedule`. A job's sink
 * path is fixed (no date templating), and a retention policy rules out Object Versioning, so each
 * object name holds one copy at a time. The job therefore never overwrites (`overwriteWhen: NEVER`):
 * a copy stays as it was received for its whole retention, whatever later happens to the lake. A
 * lifecycle rule deletes each copy when its retention ends, and the next daily run copies the
 * lake's current version again. So every object the lake holds has a copy at most retentionDays old
 * (plus the day or so between a copy's deletion and the next run), each copy kept retentionDays;
 * a change to an existing object reaches the backup when its earlier copy expires, and what the lake
 * deletes stays in the backup until its copy expires. Full daily snapshots (a dated path per run)
 * would need a new job per day and retentionDays times the lake's storage.
 * https://cloud.google.com/storage-transfer/docs/reference/rest/v1/TransferSpec
 */
export function backupBucket(self: pulumi.ComponentResource, { ctx, providers, keys, settings }: LakeBackupArgs, keyReady: pulumi.Resource): gcp.storage.Bucket {
    const days = settings.retentionDays;
    return new gcp.storage.Bucket(
        "backup",
        {
            ...encryptedBucketArgs(ctx, "backup", keys.backup),
            labels: { [gcpBackupBucketLabel.key]: gcpBackupBucketLabel.value },
            storageClass: backupStorageClass(days),
            // GCS refuses a retention policy on a versioned bucket; the retention policy is the protection.
            versioning: { enabled: false },
            retentionPolicy: { retentionPeriod: String(days * secondsPerDay), isLocked: ctx.retainData },
            // Soft delete would keep expired copies, deleted by the rule below, billable for another week.
            softDeletePolicy: { retentionDurationSeconds: 0 },
            lifecycleRules: [
                // Not before retention ends: GCS does not delete an object under retention.
                { action: { type: "Delete" }, condition: { age: days, withState: "ANY" } },
                { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: abortIncompleteUploadDays, withState: "ANY" } },
            ],
            // Dev empties the bucket on destroy, once its unlocked retention policy is cleared (docs/runbooks.md).
            forceDestroy: !ctx.retainData,
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        dataOptions(self, providers.backup, ctx, { dependsOn: [keyReady] }),
    );
}

/**
 * The daily job, once `ready`: the Storage Transfer agent's grants have propagated (gcp.ts grants
 * it objectViewer and legacyBucketReader on the lake, objectCreator and legacyBucketReader on the
 * backup bucket: read the source; create and list, never delete, in the sink).
 */
export function dailyCopy(self: pulumi.ComponentResource, { ctx, providers, lake, settings }: LakeBackupArgs, bucket: gcp.storage.Bucket, ready: pulumi.Resource): gcp.storage.TransferJob {
    const days = settings.retentionDays;
    return new gcp.storage.TransferJob(
        "lake-to-backup",
        {
            project: gcpProjectOf(ctx),
            description: `${namePrefix(ctx)}: daily copy of the lake (${ctx.region}) into its backup bucket (${ctx.backupRegion}), kept ${days} days`,
            status: "ENABLED",
            schedule: { scheduleStartDate, startTimeOfDay, repeatInterval: `${secondsPerDay}s` },
            transferSpec: {
                gcsDataSource: { bucketName: lake.name },
                gcsDataSink: { bucketName: bucket.name },
                transferOptions: {
                    overwriteWhen: "NEVER",
                    deleteObjectsUniqueInSink: false,
                    deleteObjectsFromSourceAfterTransfer: false,
                    metadataOptions: {
                        // A Cloud KMS key serves only its own region: copies take the backup bucket's key.
                        kmsKey: "KMS_KEY_DESTINATION_BUCKET_DEFAULT",
                        storageClass: "STORAGE_CLASS_DESTINATION_BUCKET_DEFAULT",
                        // The lake object's creation time, so a restore can tell which version it holds.
                        timeCreated: "TIME_CREATED_PRESERVE_AS_CUSTOM_TIME",
                    },
                },
            },
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        dataOptions(self, providers.primary, ctx, { dependsOn: [ready] }),
    );
}
