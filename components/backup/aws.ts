import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ProtectedBucket, protectedBucket } from "../lake/aws-bucket";
import { partitionOf, serviceTrust } from "../shared/aws-iam";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { BackupImplementation, CreateLakeBackup, LakeBackupArgs, replicaStoreArgs } from "./contract";
import { backupAlertTopic } from "./aws-alerts";

// RPO of the replica in the backup region. S3 Replication Time Control is designed to replicate
// 99.99% of new objects within 15 minutes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html);
// its SLA is a service-credit commitment on the month's share of objects replicated within those 15
// minutes (credits below 99.9%: https://aws.amazon.com/s3/sla-rtc/), not a bound on every object.
// Delete-marker replication is outside it, and an object whose replication fails stays behind until
// it is re-driven (S3 Batch Replication): the alarms below watch both latency and failures.
const replicationTimeControlMinutes = 15;
const replicationRuleId = "everything-to-backup-region";

// AWS Backup keeps continuous (point-in-time) backups of S3 for at most 35 days; longer retention
// comes from the daily snapshots. Copies of continuous backups "do not have point-in-time restore
// capabilities" (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html), so only
// the daily snapshots are copied to the backup region: point-in-time restore exists in the primary
// region only.
const maxContinuousRetentionDays = 35;

/** Days a new compliance-mode vault lock can still be removed (AWS Backup's minimum). */
const vaultLockGraceDays = 3;

export const createLakeBackup: CreateLakeBackup = (self, args) => {
    const replica = protectedBucket(self, "replica", replicaStoreArgs(args));
    const alerts = backupAlertTopic(self, args.ctx, args.providers.primary, args.keys.primary, args.settings.alertEmail);
    replicate(self, args, replica, alerts);
    const vaults = scheduledBackups(self, args);
    return {
        replica,
        backupVaultIds: pulumi.all(vaults.map((v) => v.arn)),
        backupLockMode: args.ctx.retainData ? "compliance" : "none",
        recoveryPointObjectiveMinutes: replicationTimeControlMinutes,
        recoveryPointObjectiveBasis: "sla-credits",
    };
};

function replicate(self: pulumi.ComponentResource, { ctx, providers, keys, lake }: LakeBackupArgs, replica: ProtectedBucket, alerts: aws.sns.Topic): void {
    const replicaArn = replica.resourceId;
    const data = (extra: ExtraOptions = {}) => dataOptions(self, providers.primary, ctx, extra);
    const role = new aws.iam.Role("replication", { namePrefix: `${namePrefix(ctx)}-replication-`, assumeRolePolicy: serviceTrust("s3.amazonaws.com") }, data());
    new aws.iam.RolePolicy(
        "replication",
        {
            role: role.name,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: lake.resourceId },
                    {
                        Effect: "Allow",
                        Action: [
                            "s3:GetObjectVersionForReplication",
                            "s3:GetObjectVersionAcl",
                            "s3:GetObjectVersionTagging",
                            "s3:GetObjectRetention",
                            "s3:GetObjectLegalHold",
                        ],
                        Resource: pulumi.interpolate`${lake.resourceId}/*`,
                    },
                    {
                        Effect: "Allow",
                        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
                        Resource: pulumi.interpolate`${replicaArn}/*`,
                    },
                    {
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: keys.primary.resourceId,
                        Condition: {
                            StringLike: {
                                "kms:ViaService": `s3.${ctx.region}.amazonaws.com`,
                                // With S3 Bucket Keys the encryption context is the bucket ARN, otherwise the object's.
                                "kms:EncryptionContext:aws:s3:arn": [lake.resourceId, pulumi.interpolate`${lake.resourceId}/*`],
                            },
                        },
                    },
                    {
                        Effect: "Allow",
                        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                        Resource: keys.backup.resourceId,
                        Condition: {
                            StringLike: {
                                "kms:ViaService": `s3.${ctx.backupRegion}.amazonaws.com`,
                                "kms:EncryptionContext:aws:s3:arn": [replicaArn, pulumi.interpolate`${replicaArn}/*`],
                            },
                        },
                    },
                ],
            }),
        },
        data({ parent: role }),
    );
    new aws.s3.BucketReplicationConfig(
        "lake-to-replica",
        {
            bucket: lake.name,
            role: role.arn,
            rules: [
                {
                    id: replicationRuleId,
                    status: "Enabled",
                    priority: 1,
                    filter: {},
                    deleteMarkerReplication: { status: "Enabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: replicaArn,
                        encryptionConfiguration: { replicaKmsKeyId: keys.backup.id },
                        replicationTime: { status: "Enabled", time: { minutes: replicationTimeControlMinutes } },
                        metrics: { status: "Enabled", eventThreshold: { minutes: replicationTimeControlMinutes } },
                    },
                },
            ],
        },
        // S3 accepts the rule only once both buckets are versioned. Their BucketVersioning resources
        // are children of the buckets, which `dependsOn` the lake component does not reach: named here.
        data({ dependsOn: [lake, ...(lake.ready ?? []), replica.bucket, ...(replica.ready ?? [])] }),
    );
    replicationAlarms(self, ctx, providers.primary, lake.name, replica.name, alerts);
}

/**
 * Alarms on the replication metrics the rule turns on (AWS/S3, per source, destination and rule,
 * in the source's region): latency past RTC's 15 minutes, and any failed replication, which S3 does
 * not retry on its own. Both notify the backup alert topic (aws-alerts.ts).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html
 */
function replicationAlarms(self: pulumi.ComponentResource, ctx: LakeBackupArgs["ctx"], provider: pulumi.ProviderResource, source: pulumi.Output<string>, destination: pulumi.Output<string>, alerts: aws.sns.Topic): void {
    const infra = infraOptions(self, provider, ctx);
    const dimensions = { SourceBucket: source, DestinationBucket: destination, RuleId: replicationRuleId };
    const common = {
        namespace: "AWS/S3",
        dimensions,
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [alerts.arn],
    };
    new aws.cloudwatch.MetricAlarm(
        "lake-replication-latency",
        {
            ...common,
            name: `${namePrefix(ctx)}-lake-replication-latency`,
            alarmDescription: `Objects of the lake take longer than ${replicationTimeControlMinutes} minutes to reach the replica (RTC's target)`,
            metricName: "ReplicationLatency",
            statistic: "Maximum",
            threshold: replicationTimeControlMinutes * 60,
        },
        infra,
    );
    new aws.cloudwatch.MetricAlarm(
        "lake-replication-failed",
        {
            ...common,
            name: `${namePrefix(ctx)}-lake-replication-failed`,
            alarmDescription: "Objects of the lake failed to replicate: re-drive them with S3 Batch Replication",
            metricName: "OperationsFailedReplication",
            statistic: "Sum",
            threshold: 0,
        },
        infra,
    );
}

function scheduledBackups(self: pulumi.ComponentResource, { ctx, providers, keys, lake, settings }: LakeBackupArgs): aws.backup.Vault[] {
    const primaryData = (extra: ExtraOptions = {}) => dataOptions(self, providers.primary, ctx, extra);
    const retention = settings.retentionDays;
    const continuousRetention = Math.min(retention, maxContinuousRetentionDays);

    const vault = new aws.backup.Vault("lake", { kmsKeyArn: keys.primary.id, forceDestroy: !ctx.retainData }, primaryData());
    const copyVault = new aws.backup.Vault(
        "lake-copy",
        { kmsKeyArn: keys.backup.id, forceDestroy: !ctx.retainData },
        dataOptions(self, providers.backup, ctx),
    );
    if (ctx.retainData) {
        // Compliance-mode vault lock: recovery points cannot be deleted before the shortest rule keeps
        // them, by anyone. `changeableForDays` is the grace period (AWS's minimum, 3) in which the lock can
        // still be removed; after it the lock is permanent.
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html
        new aws.backup.VaultLockConfiguration(
            "lake",
            { backupVaultName: vault.name, minRetentionDays: continuousRetention, changeableForDays: vaultLockGraceDays },
            primaryData({ parent: vault }),
        );
        new aws.backup.VaultLockConfiguration(
            "lake-copy",
            { backupVaultName: copyVault.name, minRetentionDays: continuousRetention, changeableForDays: vaultLockGraceDays },
            dataOptions(self, providers.backup, ctx, { parent: copyVault }),
        );
    }

    const partition = partitionOf(self, providers.primary);
    const role = new aws.iam.Role("backup", { namePrefix: `${namePrefix(ctx)}-backup-`, assumeRolePolicy: serviceTrust("backup.amazonaws.com") }, primaryData());
    for (const policy of [
        "service-role/AWSBackupServiceRolePolicyForBackup",
        "service-role/AWSBackupServiceRolePolicyForRestores",
        "AWSBackupServiceRolePolicyForS3Backup",
        "AWSBackupServiceRolePolicyForS3Restore",
    ]) {
        new aws.iam.RolePolicyAttachment(
            `backup-${policy.split("/").pop()}`,
            { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${policy}` },
            primaryData({ parent: role }),
        );
    }

    const daily = "cron(0 3 ? * * *)";
    const plan = new aws.backup.Plan(
        "lake",
        {
            rules: [
                {
                    // Point-in-time restore of the lake to any second within the window.
                    ruleName: "continuous",
                    targetVaultName: vault.name,
                    schedule: daily,
                    enableContinuousBackup: true,
                    lifecycle: { deleteAfter: continuousRetention },
                },
                {
                    ruleName: "daily",
                    targetVaultName: vault.name,
                    schedule: daily,
                    startWindow: 60,
                    lifecycle: { deleteAfter: retention },
                    copyActions: [{ destinationVaultArn: copyVault.arn, lifecycle: { deleteAfter: retention } }],
                },
            ],
        },
        primaryData(),
    );
    // AWS Backup needs the bucket versioned (lake.ready), like replication.
    new aws.backup.Selection(
        "lake",
        { planId: plan.id, iamRoleArn: role.arn, resources: [lake.resourceId] },
        primaryData({ parent: plan, dependsOn: [lake, ...(lake.ready ?? [])] }),
    );
    return [vault, copyVault];
}

export const awsBackup: BackupImplementation = { createLakeBackup };
