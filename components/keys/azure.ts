import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { resourceGroup } from "../shared/azure-groups";
import { assignRole, clientConfig, deployerPrincipalType } from "../shared/azure-roles";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { CreateRegionalKey, KeysImplementation, keyRotationDays } from "./contract";

// Days a deleted vault (and key) stays recoverable; Key Vault accepts 7 to 90.
// https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
const prodSoftDeleteDays = 90;
const devSoftDeleteDays = 7;

// Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits for customer-managed keys.
// https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview
const keySize = 3072;

export const createRegionalKey: CreateRegionalKey = (self, ctx, { name, region, provider }) => {
    const data = (extra: ExtraOptions = {}) => dataOptions(self, provider, ctx, extra);
    const client = clientConfig(self, provider);
    const group = resourceGroup(self, `keys-${name}`, { ctx, provider, capability: "keys", region });

    // Storage accepts a customer-managed key only from a vault with purge protection, in dev too
    // (https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account).
    // A purge-protected vault keeps its globally unique name for its whole soft-delete period after
    // deletion, so a dev stack torn down and brought back up needs a name it has not used before.
    const suffix = new random.RandomString(`${name}-vault`, { length: 7, upper: false, special: false }, dataOptions(self, undefined, ctx));
    const vault = new keyvault.Vault(
        name,
        {
            // Key Vault names: 3-24 letters, digits and hyphens, globally unique.
            vaultName: pulumi.interpolate`${namePrefix(ctx)}-${suffix.result}`,
            resourceGroupName: group.name,
            location: region,
            properties: {
                tenantId: client.tenantId,
                sku: { family: "A", name: "standard" },
                // Azure RBAC decides who may use which key (one role assignment per key), not vault-wide access policies.
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: ctx.retainData ? prodSoftDeleteDays : devSoftDeleteDays,
                enablePurgeProtection: true,
                // Reachable from any network, Microsoft Entra ID and RBAC deciding who may do what; stated,
                // not left to the default. A vault firewall would break three things the platform relies on:
                // AKS KMS with a public-mode vault ("disable public access" or "selected networks" break it,
                // and the mode cannot change while KMS is on), Backup vault CMK through a user-assigned
                // identity (network-restricted vaults are not supported), and the deployer managing keys from
                // outside the VNet (azure-native deletes a key over the data plane,
                // provider/pkg/resources/customresources/custom_keyvault.go). More in docs/azure.md.
                // https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#limitations
                // https://learn.microsoft.com/azure/backup/encryption-at-rest-with-cmk-for-backup-vault#considerations
                publicNetworkAccess: "Enabled",
                networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
            },
            tags: { ...ctx.tags },
        },
        data(),
    );

    // Under RBAC authorization, Azure Resource Manager creates a key on behalf of the deploying
    // principal, which needs a data-plane role on the vault for it.
    // https://github.com/pulumi/pulumi-azure-native/issues/890
    const officer = assignRole(
        self,
        `${name}-deployer-crypto-officer`,
        {
            ctx,
            provider,
            subscriptionId: client.subscriptionId,
            role: "keyVaultCryptoOfficer",
            principalId: client.objectId,
            principalType: deployerPrincipalType(self, provider),
            scope: vault.id,
        },
        dataOptions,
        { parent: vault },
    );

    // Role assignments take minutes to reach Key Vault: the key waits for the deployer's.
    const officerReady = afterPropagation(`${name}-deployer-crypto-officer`, [officer], "azure", vault);

    // Key properties (size, operations, rotation policy) are set when the key is created, and only
    // then: azure-native creates a key through ARM's create-if-absent call, which "does not update
    // existing keys", so a later change shows as an update in Pulumi and changes nothing in Azure.
    // Change a rotation policy with `az keyvault key rotation-policy update`; a new size or operations
    // need a new key. https://learn.microsoft.com/rest/api/keyvault/keyvault/keys/create-if-not-exist
    const key = new keyvault.Key(
        name,
        {
            keyName: "data-at-rest",
            vaultName: vault.name,
            resourceGroupName: group.name,
            properties: {
                kty: "RSA",
                keySize,
                // Storage and Backup wrap and unwrap data keys with it; nothing encrypts data with it directly.
                keyOps: ["wrapKey", "unwrapKey"],
                // A new key version every keyRotationDays; services that name the key without a version
                // (storage accounts here) pick the new one up within a day. No expiry: an expired version
                // would make the data it wraps unreadable, while rotation already retires it.
                // https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation
                rotationPolicy: {
                    lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: `P${keyRotationDays}D` } }],
                },
            },
            tags: { ...ctx.tags },
        },
        data({ parent: vault, dependsOn: [officerReady] }),
    );

    // The versionless URI: storage accounts that name it follow rotation automatically.
    return { id: key.keyUri, resourceId: key.id, region, versionedId: key.keyUriWithVersion };
};

export const azureKeys: KeysImplementation = { createRegionalKey };
