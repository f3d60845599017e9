import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys";
import { LakeOutputs } from "../lake";
import { protectedBucket } from "../lake/gcp-bucket";
import { namePrefix } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp";
import { childOptions } from "../shared/options";
import { CreateLakeBackup, LakeBackupArgs, replicaStoreArgs } from "./index";

// Cross-bucket replication (Storage Transfer Service) comes with no recovery point objective:
// "cross-bucket replication doesn't provide a recovery point objective (RPO)"; "most objects can be
// replicated in the order of minutes, while objects larger than one GiB can take several hours".
// https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
// There is no bound to output, so this is a planning figure, not a guarantee: the top of the
// "order of minutes" Google states as typical. Objects over 1 GiB can lag hours behind it.
const typicalReplicationMinutes = 60;

const secondsPerDay = 86400;
const bucketResourceType = "storage.googleapis.com/Bucket";
const encrypterDecrypter = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

export const createLakeBackup: CreateLakeBackup = (self, args) => {
    const { ctx, providers, keys } = args;
    const replica = protectedBucket(self, "replica", replicaStoreArgs(args));
    replicate(self, args, replica.bucket);

    // One Backup and DR service agent per project encrypts every vault with that vault's key.
    const backupAgent = new gcp.projects.ServiceIdentity(
        "backupdr-agent",
        { project: gcpProjectOf(ctx), service: "backupdr.googleapis.com" },
        childOptions(self, providers.primary, ctx),
    );
    // Backups of each bucket stay in a vault of the bucket's own region, so both regions hold
    // retentionDays of them: losing one region leaves the other's backups (and bucket) intact.
    const lakeVault = vaultedBackups(self, args, { role: "lake", store: args.lake, key: keys.primary, provider: providers.primary, backupAgent, after: [args.lake] });
    const replicaVault = vaultedBackups(self, args, { role: "replica", store: replica, key: keys.backup, provider: providers.backup, backupAgent, after: [replica.bucket] });

    return {
        replica,
        backupVaultIds: pulumi.all([lakeVault.id, replicaVault.id]),
        recoveryPointObjectiveMinutes: typicalReplicationMinutes,
        recoveryPointObjectiveBasis: "best-effort",
    };
};

/**
 * Continuous copy of new and changed objects from the lake into the replica, by a Storage Transfer
 * Service replication job. Deletes are not replicated, so the replica also keeps what was deleted in
 * the lake (until its own lifecycle expires it). Objects that existed before the job was created are
 * not copied by it. https://cloud.google.com/storage-transfer/docs/cross-bucket-replication
 */
function replicate(self: pulumi.ComponentResource, { ctx, providers, lake }: LakeBackupArgs, replica: gcp.storage.Bucket): void {
    const opts = (extra: pulumi.CustomResourceOptions = {}) => childOptions(self, providers.primary, ctx, extra);
    const project = gcpProjectOf(ctx);
    const transferAgent = gcp.storage.getTransferProjectServiceAccountOutput({ project }, { parent: self, provider: providers.primary });
    const storageAgent = gcp.storage.getProjectServiceAccountOutput({ project }, { parent: self, provider: providers.primary });

    // The roles the console grants for a replication job: owner of the source (the job sets up the
    // source's change notifications) and writer of the destination; object reads on both, to copy
    // and to compare. https://cloud.google.com/storage/docs/using-cross-bucket-replication
    // https://cloud.google.com/storage-transfer/docs/source-cloud-storage
    const bucketRoles: [string, pulumi.Input<string>, string][] = [
        ["lake", lake.name, "legacyBucketOwner"],
        ["lake", lake.name, "objectViewer"],
        ["replica", replica.name, "legacyBucketWriter"],
        ["replica", replica.name, "objectViewer"],
    ];
    const grants: pulumi.Resource[] = bucketRoles.map(
        ([role, bucket, iamRole]) =>
            new gcp.storage.BucketIAMMember(
                `replication-${role}-${iamRole}`,
                { bucket, role: `roles/storage.${iamRole}`, member: transferAgent.member },
                opts({ dependsOn: [lake, replica] }),
            ),
    );
    // Replication learns of changes through Pub/Sub: Storage Transfer creates and reads the topic and
    // subscription, Cloud Storage publishes the source bucket's notifications to it.
    // https://cloud.google.com/storage-transfer/docs/cross-bucket-replication#grant-required-roles
    // https://cloud.google.com/storage/docs/reporting-changes#before-you-begin
    grants.push(
        new gcp.projects.IAMMember("replication-transfer-agent-pubsub", { project, role: "roles/pubsub.editor", member: transferAgent.member }, opts()),
        new gcp.projects.IAMMember("replication-storage-agent-pubsub", { project, role: "roles/pubsub.publisher", member: storageAgent.member }, opts()),
    );

    new gcp.storage.TransferJob(
        "lake-to-replica",
        {
            project,
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
        opts({ dependsOn: grants }),
    );
}

interface VaultedBackupsArgs {
    /** Short role in names: `lake`, `replica`. */
    readonly role: string;
    readonly store: LakeOutputs;
    readonly key: KeyRef;
    readonly provider: pulumi.ProviderResource;
    readonly backupAgent: gcp.projects.ServiceIdentity;
    /** What must exist before the bucket can be associated with the plan. */
    readonly after: pulumi.Resource[];
}

/** A CMEK-encrypted Backup and DR vault in the bucket's region and a daily plan that backs the bucket up into it. */
function vaultedBackups(self: pulumi.ComponentResource, { ctx, settings }: LakeBackupArgs, a: VaultedBackupsArgs): gcp.backupdisasterrecovery.BackupVault {
    const opts = (extra: pulumi.CustomResourceOptions = {}) => childOptions(self, a.provider, ctx, extra);
    const project = gcpProjectOf(ctx);
    const location = a.key.region;
    const deletionPolicy = gcpDeletionPolicy(ctx);
    const id = `${namePrefix(ctx)}-${a.role}`;

    // The vault's key must be in the vault's location and usable by the Backup and DR service agent.
    // https://cloud.google.com/backup-disaster-recovery/docs/concepts/backup-vault
    const keyGrant = new gcp.kms.CryptoKeyIAMMember(
        `${a.role}-vault-backupdr-agent`,
        { cryptoKeyId: a.key.resourceId, role: encrypterDecrypter, member: a.backupAgent.member },
        opts(),
    );
    const vault = new gcp.backupdisasterrecovery.BackupVault(
        a.role,
        {
            project,
            location,
            backupVaultId: id,
            description: `${ctx.project}/${ctx.stack}: backups of the ${a.role} bucket`,
            // Prod: no backup can be deleted before it has been kept retentionDays. Dev: one day (the
            // least allowed), so a dev vault can be emptied and torn down soon after use.
            backupMinimumEnforcedRetentionDuration: `${(ctx.retainData ? settings.retentionDays : 1) * secondsPerDay}s`,
            // Raising retentionDays raises this minimum before the plan's retention: allow it.
            forceUpdate: true,
            encryptionConfig: { kmsKeyName: a.key.id },
            deletionPolicy,
            // Dev only: let a vault go although a plan still names it or empty data sources remain.
            ...(ctx.retainData ? {} : { ignoreBackupPlanReferences: true, ignoreInactiveDatasources: true, allowMissing: true }),
        },
        opts({ dependsOn: [keyGrant] }),
    );

    // Each vault reads (and restores into) the bucket as its own service account; the grant is held
    // to this one bucket and its objects by an IAM condition.
    // https://cloud.google.com/iam/docs/roles-permissions/backupdr#backupdr.cloudStorageOperator
    const bucketGrant = new gcp.projects.IAMMember(
        `${a.role}-vault-reads-bucket`,
        {
            project,
            role: "roles/backupdr.cloudStorageOperator",
            member: pulumi.interpolate`serviceAccount:${vault.serviceAccount}`,
            condition: {
                title: `${id}-bucket-only`,
                description: `Backup and DR vault ${id}: the ${a.role} bucket only`,
                expression: pulumi.interpolate`resource.name == "projects/_/buckets/${a.store.name}" || resource.name.startsWith("projects/_/buckets/${a.store.name}/")`,
            },
        },
        opts({ parent: vault }),
    );

    const plan = new gcp.backupdisasterrecovery.BackupPlan(
        a.role,
        {
            project,
            location,
            backupPlanId: `${id}-daily`,
            description: `Daily backups of the ${a.role} bucket, kept ${settings.retentionDays} days`,
            resourceType: bucketResourceType,
            backupVault: vault.id,
            backupRules: [
                {
                    ruleId: "daily",
                    backupRetentionDays: settings.retentionDays,
                    standardSchedule: { recurrenceType: "DAILY", timeZone: "UTC", backupWindow: { startHourOfDay: 3, endHourOfDay: 9 } },
                },
            ],
            deletionPolicy,
        },
        opts(),
    );
    new gcp.backupdisasterrecovery.BackupPlanAssociation(
        a.role,
        {
            project,
            location,
            backupPlanAssociationId: id,
            backupPlan: plan.name,
            resource: a.store.resourceId,
            resourceType: bucketResourceType,
            deletionPolicy,
        },
        opts({ parent: plan, dependsOn: [bucketGrant, ...a.after] }),
    );
    return vault;
}
