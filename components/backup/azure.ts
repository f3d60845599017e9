import * as alertsmanagement from "@pulumi/azure-native/alertsmanagement";
import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as monitor from "@pulumi/azure-native/monitor";
import * as pulumi from "@pulumi/pulumi";
import { lakeContainerName } from "../lake/azure-account";
import { resourceGroup } from "../shared/azure-groups";
import { backupVaultSoftDeleteDays } from "./azure-limits";
import { keyUserIdentity } from "../shared/azure-cmk";
import { assignRole, clientConfig } from "../shared/azure-roles";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { BackupImplementation, CreateLakeBackup, LakeBackupArgs } from "./contract";

// The lake's copy in the backup region is its own geo-redundant storage (RA-GZRS in prod, RA-GRS in
// dev; components/lake/azure-account.ts), readable at the account's secondary endpoint in the paired
// region, which the config rules require backupRegion to be. Microsoft states no bound for it: "The
// Azure Storage platform typically has an RPO of less than 15 minutes, although there's currently no
// SLA on how long it takes to replicate data to the secondary region."
// https://learn.microsoft.com/azure/storage/common/storage-redundancy#redundancy-in-a-secondary-region
const typicalGeoReplicationMinutes = 15;

const blobServices = "Microsoft.Storage/storageAccounts/blobServices";
const vaultStore = { dataStoreType: "VaultStore", objectType: "DataStoreInfoBase" } as const;

/**
 * Scheduled, immutable backups of the lake in an Azure Backup vault (vaulted blob backup), kept
 * `retentionDays`, with the vault's copies geo-redundant; and the lake's geo-redundant copy as the
 * replica. Vaulted backup copies the container into the vault through object replication, so the lake
 * itself takes part in no object replication of its own: Azure Backup refuses such a container.
 * https://learn.microsoft.com/azure/backup/blob-backup-support-matrix
 */
export const createLakeBackup: CreateLakeBackup = (self, args) => {
    const { ctx, lake } = args;
    const vault = backupVault(self, args);
    return {
        replica: {
            // The same account, read at its secondary endpoint in the paired region.
            name: lake.name,
            url: pulumi.interpolate`https://${lake.name}-secondary.blob.core.windows.net/${lakeContainerName}`,
            // Geo-replication copies the data as the account stores it, under the account's key; Key
            // Vault fails over to the paired region too (the config refuses regions where it does not).
            keyId: lake.keyId,
            region: ctx.backupRegion,
            resourceId: lake.resourceId,
        },
        backupVaultIds: vault.id.apply((id) => [id]),
        // Prod's vault is created with immutability Locked; dev's Unlocked can be turned off.
        backupLockMode: args.ctx.retainData ? "compliance" : "governance",
        recoveryPointObjectiveMinutes: typicalGeoReplicationMinutes,
        recoveryPointObjectiveBasis: "best-effort",
    };
};

function backupVault(self: pulumi.ComponentResource, { ctx, providers, keys, lake, settings }: LakeBackupArgs): dataprotection.BackupVault {
    const provider = providers.primary;
    const data = (extra: ExtraOptions = {}) => dataOptions(self, provider, ctx, extra);
    const client = clientConfig(self, provider);
    const group = resourceGroup(self, "backup", { ctx, provider, capability: "backup", region: ctx.region });
    const immutable = ctx.profile.immutableBackups;

    // The vault encrypts what it keeps with the region's key. At creation Azure takes a customer-managed
    // key only through a user-assigned identity; blob backups need the system-assigned one (a vault
    // with only a user-assigned identity cannot back up blobs), so the vault has both.
    // https://learn.microsoft.com/azure/backup/encryption-at-rest-with-cmk-for-backup-vault
    const cmk = keyUserIdentity(self, "lake-backup", {
        ctx,
        provider,
        subscriptionId: client.subscriptionId,
        resourceGroupName: group.name,
        region: ctx.region,
        role: "backup",
        key: keys.primary,
    });
    const vault = new dataprotection.BackupVault(
        "lake-backup",
        {
            vaultName: `${namePrefix(ctx)}-lake`,
            resourceGroupName: group.name,
            // A vault protects storage accounts of its own region only.
            location: ctx.region,
            identity: { type: "SystemAssigned,UserAssigned", userAssignedIdentities: [cmk.identity.id] },
            properties: {
                // Recovery points are copied to the paired region as well.
                storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }],
                // Microsoft documents cross-region restore for other workloads, not for blobs: stated off.
                featureSettings: { crossRegionRestoreSettings: { state: "Disabled" } },
                securitySettings: {
                    // Locked in prod: nobody can stop protection and delete recovery points before they
                    // expire, and the lock cannot be undone. Dev keeps it reversible, so a dev stack can
                    // be torn down once it is switched off.
                    // https://learn.microsoft.com/azure/backup/backup-azure-immutable-vault-concept
                    immutabilitySettings: { state: immutable ? "Locked" : "Unlocked" },
                    // Deleted backup data stays recoverable 14 days; always-on (irreversible) in prod.
                    softDeleteSettings: { state: immutable ? "AlwaysOn" : "On", retentionDurationInDays: backupVaultSoftDeleteDays },
                    encryptionSettings: {
                        state: "Enabled",
                        // No key version: the vault follows the key's rotation.
                        keyVaultProperties: { keyUri: keys.primary.id },
                        kekIdentity: { identityType: "UserAssigned", identityId: cmk.identity.id },
                        // Chosen at creation only, like the lake's.
                        infrastructureEncryption: "Enabled",
                    },
                },
                monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } },
            },
            tags: { ...ctx.tags },
        },
        data({ dependsOn: [cmk.keyGrant] }),
    );

    // The vault's system-assigned identity configures the lake's side of the backup.
    const reader = assignRole(
        self,
        "lake-backup-contributor",
        {
            ctx,
            provider,
            subscriptionId: client.subscriptionId,
            role: "storageAccountBackupContributor",
            principalId: vault.identity.apply((i) => i?.principalId ?? ""),
            principalType: "ServicePrincipal",
            scope: lake.resourceId,
        },
        dataOptions,
        { parent: vault },
    );
    const ready = afterPropagation("lake-backup-contributor", [reader], "azure", vault);

    // Backup policies cannot be modified, so the retention is in the name: a new retention is a new
    // policy, which the backup instance moves to; recovery points already taken keep their retention.
    // https://learn.microsoft.com/azure/backup/backup-azure-dataprotection-use-rest-api-create-update-blob-policy
    const policy = new dataprotection.BackupPolicy(
        "lake-daily",
        {
            resourceGroupName: group.name,
            vaultName: vault.name,
            backupPolicyName: `lake-daily-${settings.retentionDays}d`,
            properties: {
                objectType: "BackupPolicy",
                datasourceTypes: [blobServices],
                policyRules: [
                    {
                        objectType: "AzureBackupRule",
                        name: "BackupDaily",
                        dataStore: vaultStore,
                        backupParameters: { objectType: "AzureBackupParams", backupType: "Discrete" },
                        trigger: {
                            objectType: "ScheduleBasedTriggerContext",
                            schedule: { repeatingTimeIntervals: ["R/2025-01-01T02:00:00+00:00/P1D"], timeZone: "UTC" },
                            taggingCriteria: [{ isDefault: true, tagInfo: { tagName: "Default" }, taggingPriority: 99 }],
                        },
                    },
                    {
                        objectType: "AzureRetentionRule",
                        name: "Default",
                        isDefault: true,
                        lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration: `P${settings.retentionDays}D` }, sourceDataStore: vaultStore, targetDataStoreCopySettings: [] }],
                    },
                ],
            },
        },
        data({ parent: vault }),
    );

    // The lake's container, protected under that policy. A container added to the account later must be
    // added here: vaulted backup does not pick new containers up by itself.
    const datasource = { datasourceType: blobServices, resourceID: lake.resourceId, resourceName: lake.name, resourceType: "Microsoft.Storage/storageAccounts", resourceUri: lake.resourceId, resourceLocation: lake.region };
    new dataprotection.BackupInstance(
        "lake",
        {
            resourceGroupName: group.name,
            vaultName: vault.name,
            backupInstanceName: lake.name,
            properties: {
                objectType: "BackupInstance",
                friendlyName: lake.name,
                dataSourceInfo: { objectType: "Datasource", ...datasource },
                dataSourceSetInfo: { objectType: "DatasourceSet", ...datasource },
                policyInfo: {
                    policyId: policy.id,
                    policyParameters: { backupDatasourceParametersList: [{ objectType: "BlobBackupDatasourceParameters", containersList: [lakeContainerName] }] },
                },
            },
            tags: { ...ctx.tags },
        },
        // Deleting the instance deletes its recovery points: retained in prod with the vault.
        data({ parent: vault, dependsOn: [ready] }),
    );
    if (settings.alertEmail) mailJobFailures(self, ctx, provider, group.name, vault, settings.alertEmail);
    return vault;
}

/**
 * The vault raises Azure Monitor's built-in alert for every failed backup job
 * (`alertsForAllJobFailures`), shown in the Backup center and Azure Monitor whatever the config.
 * Microsoft routes those alerts to people through an alert processing rule on the vault that adds an
 * action group: here, one that mails `backup.alertEmail`.
 * https://learn.microsoft.com/azure/backup/backup-azure-monitoring-built-in-monitor#azure-monitor-alerts-for-azure-backup
 */
function mailJobFailures(self: pulumi.ComponentResource, ctx: LakeBackupArgs["ctx"], provider: pulumi.ProviderResource, resourceGroupName: pulumi.Input<string>, vault: dataprotection.BackupVault, email: string): void {
    const infra = infraOptions(self, provider, ctx, { parent: vault });
    const group = new monitor.ActionGroup(
        "backup-alerts",
        {
            resourceGroupName,
            actionGroupName: `${namePrefix(ctx)}-backup-alerts`,
            // Action groups are global resources; the short name (12 characters at most) heads each mail.
            location: "Global",
            groupShortName: "lake-backup",
            enabled: true,
            emailReceivers: [{ name: "backup-alert-email", emailAddress: email, useCommonAlertSchema: true }],
            tags: { ...ctx.tags },
        },
        infra,
    );
    new alertsmanagement.AlertProcessingRuleByName(
        "backup-alerts",
        {
            resourceGroupName,
            alertProcessingRuleName: `${namePrefix(ctx)}-backup-alerts`,
            location: "Global",
            properties: {
                scopes: [vault.id],
                actions: [{ actionType: "AddActionGroups", actionGroupIds: [group.id] }],
                description: "Mails backup.alertEmail the vault's built-in alerts (failed backup jobs)",
                enabled: true,
            },
            tags: { ...ctx.tags },
        },
        infra,
    );
}

export const azureBackup: BackupImplementation = { createLakeBackup };
