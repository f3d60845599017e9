import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys";
import { LakeOutputs, LakeSettings, StoreArgs } from "../lake";
import { RegionalProviders } from "../providers";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";

export interface BackupSettings {
    /** Days a scheduled backup is kept, in the primary and in the backup region. */
    readonly retentionDays: number;
}

export interface LakeBackupArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    /** The lake to protect; the replica gets the same settings. */
    readonly lake: pulumi.Resource & LakeOutputs;
    readonly lakeSettings: LakeSettings;
    readonly settings: BackupSettings;
}

export interface BackupOutputs {
    readonly replicaName: pulumi.Output<string>;
    readonly replicaUrl: pulumi.Output<string>;
    readonly replicaRegion: string;
    readonly replicaKeyId: pulumi.Output<string>;
    /**
     * Vaults that keep scheduled backups of the lake (and, where the replica is a store of its own, of
     * the replica), primary region first. Azure: the one Backup vault, whose copies are geo-redundant.
     */
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly backupRetentionDays: number;
    /**
     * Recovery point objective of the continuous copy to the backup region, in minutes: how much
     * recently written data a regional outage can lose. Each cloud states where its figure comes from
     * (Azure: geo-redundant storage, "typically less than 15 minutes", no SLA).
     */
    readonly recoveryPointObjectiveMinutes: number;
    /** How firm that figure is: guaranteed by the cloud's SLA, or a planning figure where the cloud states no bound. */
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;
}

export type RecoveryPointObjectiveBasis = "sla" | "best-effort";

/** What a cloud builds: the replica store, and how its data is copied and backed up. */
export interface CloudBackup {
    readonly replica: LakeOutputs;
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly recoveryPointObjectiveMinutes: number;
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;
}

export type CreateLakeBackup = (self: pulumi.ComponentResource, args: LakeBackupArgs) => CloudBackup;

/** The replica is the lake's twin: same settings, the backup region's provider and key. */
export function replicaStoreArgs({ ctx, providers, keys, lakeSettings }: LakeBackupArgs): StoreArgs {
    return { ctx, provider: providers.backup, key: keys.backup, settings: lakeSettings, role: "replica" };
}

/**
 * A replica of the lake in the backup region with the same protections, continuous replication
 * into it, and scheduled backups kept `retentionDays` in both regions. On Azure the replica is the
 * lake account's own geo-redundant copy in the paired region (read-only until a failover), and the
 * backups are a Backup vault's, geo-redundant.
 */
export class LakeBackup extends pulumi.ComponentResource implements BackupOutputs {
    readonly replicaName: pulumi.Output<string>;
    readonly replicaUrl: pulumi.Output<string>;
    readonly replicaRegion: string;
    readonly replicaKeyId: pulumi.Output<string>;
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly backupRetentionDays: number;
    readonly recoveryPointObjectiveMinutes: number;
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;

    constructor(name: string, args: LakeBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:storage:LakeBackup", name, {}, opts);
        const create = forCloud<CreateLakeBackup>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createLakeBackup,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createLakeBackup,
            azure: () => (require("./azure") as typeof import("./azure")).createLakeBackup,
        });
        const out = create(this, args);
        this.replicaName = out.replica.name;
        this.replicaUrl = out.replica.url;
        this.replicaRegion = out.replica.region;
        this.replicaKeyId = out.replica.keyId;
        this.backupVaultIds = out.backupVaultIds;
        this.backupRetentionDays = args.settings.retentionDays;
        this.recoveryPointObjectiveMinutes = out.recoveryPointObjectiveMinutes;
        this.recoveryPointObjectiveBasis = out.recoveryPointObjectiveBasis;
        this.registerOutputs({
            replicaName: this.replicaName,
            replicaUrl: this.replicaUrl,
            replicaRegion: this.replicaRegion,
            replicaKeyId: this.replicaKeyId,
            backupVaultIds: this.backupVaultIds,
            backupRetentionDays: this.backupRetentionDays,
            recoveryPointObjectiveMinutes: this.recoveryPointObjectiveMinutes,
            recoveryPointObjectiveBasis: this.recoveryPointObjectiveBasis,
        });
    }
}
