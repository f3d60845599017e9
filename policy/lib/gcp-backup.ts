// How the platform marks, and the pack recognises, a GCS bucket that holds scheduled backups rather
// than live data. Such a bucket is unversioned by necessity (GCS refuses a retention policy on a
// versioned bucket: https://cloud.google.com/storage/docs/bucket-lock) and deletes each copy once its
// retention has passed, so the lake's object-store rules (versioning, tiering, cross-region replica)
// do not fit it; it is judged as a backup store instead: its retention policy against
// minBackupRetentionDays, its key like any data store's. It lives in the pack because `pulumi policy
// publish` uploads policy/ alone; the program imports it from here.

/** The label on a backup bucket: a resource policy sees it in the bucket's own inputs. */
export const gcpBackupBucketLabel = { key: "ai-data-platform-role", value: "backup" } as const;

const secondsPerDay = 86400;

/** Whether a bucket's inputs mark it as a backup bucket. */
export function isGcpBackupBucket(props: Record<string, any>): boolean {
    return props.labels?.[gcpBackupBucketLabel.key] === gcpBackupBucketLabel.value;
}

/**
 * Days every object of the bucket is kept at least: its retention policy (Bucket Lock), 0 without
 * one. `retentionPeriod` is seconds as text in @pulumi/gcp 9.
 */
export function retentionPolicyDays(props: Record<string, any>): number {
    const seconds = Number(props.retentionPolicy?.retentionPeriod ?? 0);
    return Number.isFinite(seconds) ? seconds / secondsPerDay : 0;
}
