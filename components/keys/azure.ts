import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { resourceGroup } from "../shared/azure-groups";
import { clientConfig, deployerPrincipalType, grant } from "../shared/azure-roles";
import { namePrefix } from "../shared/context";
import { childOptions } from "../shared/options";
import { CreateRegionalKey, keyRotationDays } from "./index";

// Days a deleted vault (and key) stays recoverable; Key Vault accepts 7 to 90.
// https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview
const prodSoftDeleteDays = 90;
const devSoftDeleteDays = 7;

// Azure Storage accepts RSA keys of 2048, 3072 or 4096 bits for customer-managed keys.
// https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview
const keySize = 3072;

export const createRegionalKey: CreateRegionalKey = (self, ctx, { name, region, provider }) => {
    const opts = (extra: pulumi.CustomResourceOptions = {}) => childOptions(self, provider, ctx, extra);
    const client = clientConfig(self, provider);
    const group = resourceGroup(self, `keys-${name}`, { ctx, provider, capability: "keys", region });

    // Storage accepts a customer-managed key only from a vault with purge protection, in dev too
    // (https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account).
    // A purge-protected vault keeps its globally unique name for its whole soft-delete period after
    // deletion, so a dev stack torn down and brought back up needs a name it has not used before.
    const suffix = new random.RandomString(`${name}-vault`, { length: 7, upper: false, special: false }, childOptions(self, undefined, ctx));
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
            },
            tags: { ...ctx.tags },
        },
        opts(),
    );

    // Under RBAC authorization, Azure Resource Manager creates a key on behalf of the deploying
    // principal, which needs a data-plane role on the vault for it.
    // https://github.com/pulumi/pulumi-azure-native/issues/890
    const officer = grant(
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
        { parent: vault },
    );

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
        opts({ parent: vault, dependsOn: [officer] }),
    );

    // The versionless URI: storage accounts that name it follow rotation automatically.
    return { id: key.keyUri, resourceId: key.id, region };
};
