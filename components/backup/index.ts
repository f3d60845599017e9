import * as pulumi from "@pulumi/pulumi";
import { BackupImplementation, BackupLockMode, BackupOutputs, LakeBackupArgs, RecoveryPointObjectiveBasis } from "./contract";

export * from "./contract";

/**
 * A replica of the lake in the backup region with the same protections, continuous replication
 * into it, and scheduled backups kept `retentionDays`: on AWS the daily ones in both regions (its
 * point-in-time backups cannot be copied and stay in the primary region), on GCP in the backup region;
 * on Azure the replica is the lake account's own geo-redundant copy in the paired region (read-only
 * until a failover), and the backups are a Backup vault's, geo-redundant.
 */
export class LakeBackup extends pulumi.ComponentResource implements BackupOutputs {
    readonly replicaName: pulumi.Output<string>;
    readonly replicaUrl: pulumi.Output<string>;
    readonly replicaRegion: string;
    readonly replicaKeyId: pulumi.Output<string>;
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly backupRetentionDays: number;
    readonly backupLockMode: BackupLockMode;
    readonly recoveryPointObjectiveMinutes: number;
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;

    constructor(name: string, args: LakeBackupArgs & { readonly implementation: BackupImplementation }, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:storage:LakeBackup", name, {}, opts);
        const out = args.implementation.createLakeBackup(this, args);
        this.replicaName = out.replica.name;
        this.replicaUrl = out.replica.url;
        this.replicaRegion = out.replica.region;
        this.replicaKeyId = out.replica.keyId;
        this.backupVaultIds = out.backupVaultIds;
        this.backupRetentionDays = args.settings.retentionDays;
        this.backupLockMode = out.backupLockMode;
        this.recoveryPointObjectiveMinutes = out.recoveryPointObjectiveMinutes;
        this.recoveryPointObjectiveBasis = out.recoveryPointObjectiveBasis;
        this.registerOutputs({
            replicaName: this.replicaName,
            replicaUrl: this.replicaUrl,
            replicaRegion: this.replicaRegion,
            replicaKeyId: this.replicaKeyId,
            backupVaultIds: this.backupVaultIds,
            backupRetentionDays: this.backupRetentionDays,
            backupLockMode: this.backupLockMode,
            recoveryPointObjectiveMinutes: this.recoveryPointObjectiveMinutes,
            recoveryPointObjectiveBasis: this.recoveryPointObjectiveBasis,
        });
    }
}
