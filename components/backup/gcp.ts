import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { protectedBucket } from "../lake/gcp-bucket";
import { namePrefix } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { dailyCopyFailures, replicationFailures, transferAlerts } from "./gcp-alerts";
import { backupBucket, dailyCopy } from "./gcp-copy";
import { BackupImplementation, CreateLakeBackup, LakeBackupArgs, replicaStoreArgs } from "./contract";

// Cross-bucket replication (Storage Transfer Service) comes with no recovery point objective:
// "cross-bucket replication doesn't provide a recovery point objective (RPO)"; "most objects can be
// replicated in the order of minutes, while objects larger than one GiB can take several hours".
// https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
// The contract asks for a number, so this is a planning figure for objects up to 1 GiB only ("best
// effort"): the top of the "order of minutes" Google states. Larger objects — weights, shards — can
// lag hours behind it, and nothing bounds either.
const typicalReplicationMinutes = 60;

/**
 * GCP's lake backup: a replica in the backup region fed continuously by cross-bucket replication,
 * and a daily copy into a backup bucket there whose retention policy keeps each copy retentionDays
 * (gcp-copy.ts). Backup and DR Service has no Cloud Storage workload (its backup plans protect
 * Compute Engine, Filestore, Cloud SQL, AlloyDB and NetApp resources:
 * https://cloud.google.com/iam/docs/roles-permissions/backupdr), so it takes no part here.
 */
export const createLakeBackup: CreateLakeBackup = (self, args) => {
    const { ctx, providers, lake } = args;
    const replica = protectedBucket(self, "replica", replicaStoreArgs(args));
    // The backup bucket is on the replica's key: it waits for the replica's grant to the Cloud Storage agent.
    const backup = backupBucket(self, args, replica.keyReady);

    const project = gcpProjectOf(ctx);
    const transferAgent = gcp.storage.getTransferProjectServiceAccountOutput({ project }, { parent: self, provider: providers.primary }).member;
    const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project }, { parent: self, provider: providers.primary }).member;
    const data = (extra: ExtraOptions = {}) => dataOptions(self, providers.primary, ctx, extra);
    const bucketGrant = (job: string, role: string, bucket: pulumi.Input<string>, iamRole: string) =>
        new gcp.storage.BucketIAMMember(`${job}-${role}-${iamRole}`, { bucket, role: `roles/storage.${iamRole}`, member: transferAgent }, data({ dependsOn: [lake, replica.bucket, backup] }));

    // One grant per bucket and role: two resources holding the same binding would remove it for both
    // when either goes, so the copy shares replication's object reads on the lake.
    const lakeReads = bucketGrant("replication", "lake", lake.name, "objectViewer");
    // Replication: the roles the console grants — owner of the source (the job sets up its change
    // notifications) and writer of the destination — and object reads on both, to copy and compare.
    // https://cloud.google.com/storage/docs/using-cross-bucket-replication
    const replication = [
        lakeReads,
        bucketGrant("replication", "lake", lake.name, "legacyBucketOwner"),
        bucketGrant("replication", "replica", replica.name, "legacyBucketWriter"),
        bucketGrant("replication", "replica", replica.name, "objectViewer"),
        // Replication learns of changes through Pub/Sub: Storage Transfer creates and reads the topic
        // and subscription, Cloud Storage publishes the source bucket's notifications to it.
        // https://cloud.google.com/storage-transfer/docs/cross-bucket-replication#grant-required-roles
        // https://cloud.google.com/storage/docs/reporting-changes#before-you-begin
        new gcp.projects.IAMMember("replication-transfer-agent-pubsub", { project, role: "roles/pubsub.editor", member: transferAgent }, data()),
        new gcp.projects.IAMMember("replication-storage-agent-pubsub", { project, role: "roles/pubsub.publisher", member: storageAgent }, data()),
    ];
    // The daily copy: read the lake; create and list, never delete, in the backup bucket.
    // https://cloud.google.com/storage-transfer/docs/source-cloud-storage ·
    // https://cloud.google.com/storage-transfer/docs/sink-cloud-storage
    const copy = [
        lakeReads,
        bucketGrant("backup-copy", "lake", lake.name, "legacyBucketReader"),
        bucketGrant("backup-copy", "backup", backup.name, "objectCreator"),
        bucketGrant("backup-copy", "backup", backup.name, "legacyBucketReader"),
    ];
    // Both jobs check their grants when they are created (replication sets up the lake's
    // notifications then): they wait until IAM has propagated them.
    const ready = afterPropagation("transfer-grants", [...new Set([...replication, ...copy])], "gcp", self);
    const replicationJob = replicate(self, args, replica.bucket, ready);
    const dailyJob = dailyCopy(self, args, backup, ready);
    transferAlerts(self, ctx, providers.primary, args.settings.alertEmail, [
        { name: "lake-replication", title: "Replication of the lake to its replica", job: replicationJob, failedObjects: replicationFailures },
        { name: "lake-backup-copy", title: "The daily backup copy of the lake", job: dailyJob, failedObjects: dailyCopyFailures },
    ]);

    return {
        replica,
        // The backup bucket plays the vault's part: it keeps the scheduled copies and enforces their retention.
        backupVaultIds: pulumi.all([pulumi.interpolate`projects/_/buckets/${backup.name}`]),
        // Prod locks the backup bucket's retention policy; dev's unlocked one can be removed.
        backupLockMode: args.ctx.retainData ? "compliance" : "governance",
        recoveryPointObjectiveMinutes: typicalReplicationMinutes,
        recoveryPointObjectiveBasis: "best-effort",
    };
};

/**
 * Continuous copy of new and changed objects from the lake into the replica, by a Storage Transfer
 * Service replication job. Deletes are not replicated: what the lake deletes stays live in the
 * replica, and the replica's lifecycle expires noncurrent versions only, so erasure needs the
 * runbook (docs/runbooks.md). Objects that existed before the job was created are not copied by it
 * (the lake is created with it, empty). https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
 */
function replicate(self: pulumi.ComponentResource, { ctx, providers, lake }: LakeBackupArgs, replica: gcp.storage.Bucket, ready: pulumi.Resource): gcp.storage.TransferJob {
    return new gcp.storage.TransferJob(
        "lake-to-replica",
        {
            project: gcpProjectOf(ctx),
            // Replication jobs take no custom name; the description says which pair this one copies.
            description: `${namePrefix(ctx)}: replicate the lake (${ctx.region}) to its replica (${ctx.backupRegion})`,
            status: "ENABLED",
            replicationSpec: {
                gcsDataSource: { bucketName: lake.name },
                gcsDataSink: { bucketName: replica.name },
                transferOptions: {
                    // A Cloud KMS key serves only its own region: copies are encrypted with the
                    // replica's default key (the backup region's), never the source object's.
                    metadataOptions: { kmsKey: "KMS_KEY_DESTINATION_BUCKET_DEFAULT" },
                },
            },
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        dataOptions(self, providers.primary, ctx, { dependsOn: [ready] }),
    );
}

export const gcpBackup: BackupImplementation = { createLakeBackup };
