import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys/contract";
import { LakeOutputs, LakeSettings, Store, StoreArgs } from "../lake/contract";
import { RegionalProviders } from "../providers/contract";
import { PlatformContext } from "../shared/context";

export interface BackupSettings {
    /**
     * Days a scheduled backup is kept, in the primary and in the backup region (GCP: each daily copy
     * in the backup region's retention-locked bucket).
     */
    readonly retentionDays: number;
    /**
     * Where failed backups and copies are reported, by email (`backup.alertEmail`). The alerts exist
     * without it (GCP alert policies, AWS alarms and an encrypted SNS topic, Azure Backup's built-in
     * alerts), visible in each cloud's console; with it, each cloud also mails this address.
     */
    readonly alertEmail?: string;
}

export interface LakeBackupArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    /** The lake to protect (and what must exist before it is replicated or backed up); the replica gets the same settings. */
    readonly lake: pulumi.Resource & Store;
    readonly lakeSettings: LakeSettings;
    readonly settings: BackupSettings;
}

export interface BackupOutputs {
    readonly replicaName: pulumi.Output<string>;
    readonly replicaUrl: pulumi.Output<string>;
    readonly replicaRegion: string;
    readonly replicaKeyId: pulumi.Output<string>;
    /**
     * Vaults that keep scheduled backups, primary region first. AWS: the lake's, with copies of its
     * daily backups in the backup region (the replica is not backed up). GCP, whose Backup and DR
     * Service has no Cloud Storage workload: the bucket that plays the vault's part
     * (`projects/_/buckets/NAME`, its retention policy keeping each daily copy). Azure: the one
     * Backup vault, whose copies are geo-redundant.
     */
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly backupRetentionDays: number;
    /** How firmly those backups are kept (BackupLockMode): `compliance` in prod on every cloud. */
    readonly backupLockMode: BackupLockMode;
    /**
     * Recovery point objective of the continuous copy to the backup region (the replica), in
     * minutes: how much recently written data a regional outage can lose. Each cloud states where
     * its figure comes from (Azure: geo-redundant storage, "typically less than 15 minutes", no SLA);
     * the recovery points inside the primary region (point-in-time restore, scheduled backups) are
     * described per cloud in docs/.
     */
    readonly recoveryPointObjectiveMinutes: number;
    /** How firm that figure is (see RecoveryPointObjectiveBasis). */
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;
}

/**
 * `sla-credits`: the cloud's SLA pays service credits when less than a stated share of objects
 * meets the figure in a month (AWS S3 RTC: 99.9% within 15 minutes); it bounds most objects, not
 * every one. `best-effort`: a planning figure where the cloud states no bound.
 */
export type RecoveryPointObjectiveBasis = "sla-credits" | "best-effort";

/**
 * How firmly the scheduled backups are kept: `compliance` — no one, the account's administrators
 * included, can delete a backup or shorten its retention before it expires (AWS Backup Vault Lock in
 * compliance mode, a locked GCS retention policy, a Locked Azure Backup vault); `governance` — the
 * retention is enforced, but a sufficiently privileged identity can lift it; `none` — nothing beyond
 * IAM keeps them.
 */
export type BackupLockMode = "compliance" | "governance" | "none";

/** What a cloud builds: the replica store, and how its data is copied and backed up. */
export interface CloudBackup {
    readonly replica: LakeOutputs;
    readonly backupVaultIds: pulumi.Output<string[]>;
    readonly backupLockMode: BackupLockMode;
    readonly recoveryPointObjectiveMinutes: number;
    readonly recoveryPointObjectiveBasis: RecoveryPointObjectiveBasis;
}

export type CreateLakeBackup = (self: pulumi.ComponentResource, args: LakeBackupArgs) => CloudBackup;

/** The replica is the lake's twin: same settings, the backup region's provider and key. */
export function replicaStoreArgs({ ctx, providers, keys, lakeSettings }: LakeBackupArgs): StoreArgs {
    return { ctx, provider: providers.backup, key: keys.backup, settings: lakeSettings, role: "replica" };
}

/** What a cloud provides for this capability. */
export interface BackupImplementation {
    readonly createLakeBackup: CreateLakeBackup;
}
