import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { resourceGroup } from "../shared/azure-groups";
import { recoverableDays } from "./azure-limits";
import { storageAccountId, storageAccountName } from "../shared/azure-names";
import { knownAfter } from "../shared/known-after";
import { keyUserIdentity } from "../shared/azure-cmk";
import { clientConfig } from "../shared/azure-roles";
import { dataOptions, ExtraOptions } from "../shared/options";
import { LakeOutputs, StoreArgs } from "./contract";

/** The container the lake's data lives in. */
export const lakeContainerName = "lake";

export interface ProtectedAccount extends LakeOutputs {
    readonly account: storage.StorageAccount;
    readonly resourceGroupName: pulumi.Output<string>;
    /** Versioning and change feed, which vaulted backup needs on. */
    readonly blobService: storage.BlobServiceProperties;
    readonly container: storage.BlobContainer;
}

/**
 * A storage account with every protection the lake needs: geo-redundancy with read access, CMK, no
 * anonymous or shared-key access, TLS 1.2, versioning with a default immutability, soft delete and
 * lifecycle tiering. Settings Azure keeps on child resources
 * (blob service, lifecycle) name the account through its name output, which is how the policy pack
 * ties them back to it.
 */
export function protectedAccount(parent: pulumi.ComponentResource, name: string, args: StoreArgs): ProtectedAccount {
    const { ctx, provider, key, settings, role } = args;
    const region = key.region;
    const data = (extra: ExtraOptions = {}) => dataOptions(parent, provider, ctx, extra);
    const client = clientConfig(parent, provider);
    const group = resourceGroup(parent, name, { ctx, provider, capability: role, region });

    // The account reaches its key as this identity.
    const { identity, keyGrant, vaultUri, keyName } = keyUserIdentity(parent, name, {
        ctx,
        provider,
        subscriptionId: client.subscriptionId,
        resourceGroupName: group.name,
        region,
        role,
        key,
    });

    const accountName = client.subscriptionId.apply((subscription) => storageAccountName(ctx, subscription, role, region));
    const lockEnabled = settings.lockDays > 0;
    const account = new storage.StorageAccount(
        name,
        {
            accountName,
            resourceGroupName: group.name,
            location: region,
            kind: "StorageV2",
            // Geo-redundant with read access: a copy in the region's pair, readable at the account's
            // secondary endpoint, is the lake's copy in the backup region (the config rules make
            // backupRegion that pair). Prod keeps three copies across the region's zones as well (RA-GZRS).
            // https://learn.microsoft.com/azure/storage/common/storage-redundancy#read-access-to-data-in-the-secondary-region
            sku: { name: ctx.profile.zoneRedundantStorage ? "Standard_RAGZRS" : "Standard_RAGRS" },
            accessTier: "Hot",
            // A flat namespace: blob versioning, version-level immutability and vaulted blob backup all
            // require it. https://learn.microsoft.com/azure/backup/blob-backup-support-matrix
            isHnsEnabled: false,
            allowBlobPublicAccess: false,
            // Reached over its public endpoint, every request signed in with Entra ID (below): no firewall or
            // private endpoint, stated rather than left to the default. Why: docs/azure.md.
            publicNetworkAccess: "Enabled",
            // Every request is authorized by Microsoft Entra ID: no account keys, no account or service SAS.
            allowSharedKeyAccess: false,
            defaultToOAuthAuthentication: true,
            // Vaulted backup copies the lake into the Backup vault's own storage by object replication,
            // and Microsoft's setup asks for cross-tenant replication to be allowed on the protected
            // account. It lets object replication policies name accounts of other tenants; creating one
            // still takes a right on this account (Microsoft.Storage/storageAccounts/objectReplicationPolicies/write).
            // https://learn.microsoft.com/azure/backup/blob-backup-configure-manage?tabs=vaulted-backup#before-you-start
            allowCrossTenantReplication: true,
            enableHttpsTrafficOnly: true,
            minimumTlsVersion: "TLS1_2",
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            encryption: {
                keySource: "Microsoft.Keyvault",
                // No key version: Azure Storage checks the vault daily and follows the key's rotation.
                keyVaultProperties: { keyName, keyVaultUri: vaultUri },
                encryptionIdentity: { encryptionUserAssignedIdentity: identity.id },
                // A second, platform-managed layer of encryption; it can only be chosen at creation.
                requireInfrastructureEncryption: true,
                // Queues and tables are covered by the customer-managed key only if chosen at creation.
                services: {
                    blob: { enabled: true, keyType: "Account" },
                    file: { enabled: true, keyType: "Account" },
                    queue: { enabled: true, keyType: "Account" },
                    table: { enabled: true, keyType: "Account" },
                },
            },
            // Version-level immutability (WORM) can only be switched on when the account is created; its
            // default policy applies to every new version. Azure creates that policy Unlocked only: a
            // privileged user may shorten or remove it (governance). Locking it (compliance) is a
            // separate, irreversible step, which is why the config rules refuse lockMode compliance.
            // https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies
            // Stated off too (Azure's default), so that the policy pack can tell "no lock" from a setting a
            // preview does not know: a preview shows every setting left out as unknown.
            immutableStorageWithVersioning: lockEnabled
                ? {
                      enabled: true,
                      immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: settings.lockDays, state: "Unlocked", allowProtectedAppendWrites: false },
                  }
                : { enabled: false },
            tags: { ...ctx.tags },
        },
        data({
            dependsOn: [keyGrant],
            // If someone locks the policy by hand, never try to unlock it (Azure would refuse anyway).
            ...(lockEnabled ? { ignoreChanges: ["immutableStorageWithVersioning.immutabilityPolicy.state"] } : {}),
        }),
    );
    const child = (extra: ExtraOptions = {}) => data({ parent: account, ...extra });
    const knownName = knownAfter(account, accountName);

    // Deleted blobs and containers stay recoverable as long as superseded versions are kept, so
    // nothing leaves the account sooner than that (versions lifecycle expires are soft-deleted too).
    // The backups proper are the vault's (components/backup/azure.ts).
    const recoverable = recoverableDays(settings.noncurrentVersionDays);
    const blobService = new storage.BlobServiceProperties(
        name,
        {
            accountName: knownName,
            resourceGroupName: group.name,
            blobServicesName: "default",
            isVersioningEnabled: true,
            // Vaulted backup replicates through the change feed; kept as long as the history it describes.
            changeFeed: { enabled: true, retentionInDays: recoverable },
            deleteRetentionPolicy: { enabled: true, days: recoverable, allowPermanentDelete: false },
            containerDeleteRetentionPolicy: { enabled: true, days: recoverable },
        },
        child(),
    );
    const container = new storage.BlobContainer(
        name,
        { accountName: knownName, resourceGroupName: group.name, containerName: lakeContainerName, publicAccess: "None" },
        child({ dependsOn: [blobService] }),
    );
    new storage.ManagementPolicy(
        name,
        {
            accountName: knownName,
            resourceGroupName: group.name,
            managementPolicyName: "default",
            policy: {
                rules: [
                    {
                        name: "tiering-and-expiry",
                        enabled: true,
                        type: "Lifecycle",
                        definition: {
                            // Every block blob: no prefix, stated as Azure reports it ([]), so that a preview
                            // knows the rule covers the whole account. No blob index filter (left out).
                            filters: { blobTypes: ["blockBlob"], prefixMatch: [] },
                            actions: {
                                // The archive class is the Cold tier, not Archive: vaulted backup skips archived
                                // blobs, and GZRS accounts have no Archive tier. Cold stays online and is backed up.
                                // https://learn.microsoft.com/azure/backup/blob-backup-support-matrix
                                // https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview
                                baseBlob: {
                                    tierToCool: { daysAfterModificationGreaterThan: settings.coldAfterDays },
                                    tierToCold: { daysAfterModificationGreaterThan: settings.archiveAfterDays },
                                },
                                // Counted from the version's creation; lockDays never exceeds it (config).
                                version: { delete: { daysAfterCreationGreaterThan: settings.noncurrentVersionDays } },
                            },
                        },
                    },
                ],
            },
        },
        // Versions must be on before a rule acts on them. Uncommitted blocks need no rule: Azure
        // discards them a week after upload. https://learn.microsoft.com/rest/api/storageservices/put-block
        child({ dependsOn: [blobService] }),
    );

    const resourceGroupName = group.name;
    return {
        account,
        resourceGroupName,
        blobService,
        container,
        name: knownName,
        // Public-cloud endpoint: the regions the config accepts are all in Azure's public cloud.
        url: pulumi.interpolate`https://${knownName}.blob.core.windows.net/${lakeContainerName}`,
        keyId: key.id,
        region,
        // Known after the container too: whatever is scoped to the lake (role assignments, Capture,
        // the backup instance) needs the container to exist, and ARM refuses a scope that does not
        // exist yet.
        resourceId: knownAfter(container, storageAccountId(client.subscriptionId, resourceGroupName, knownName)),
    };
}
