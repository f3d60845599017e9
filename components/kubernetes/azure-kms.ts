import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef, keyRotationDays } from "../keys/contract";
import { PlatformContext } from "../shared/context";
import { dataOptions } from "../shared/options";

/** Name of the key Kubernetes secrets are encrypted with, in the primary region's platform vault. */
export const secretsKeyName = "kubernetes-secrets";

/**
 * The key AKS encrypts Kubernetes secrets with (KMS v2 envelope encryption), in the same purge-protected,
 * RBAC-authorized vault as the primary region's platform key.
 *
 * A key of its own rather than the platform key itself: AKS's KMS plugin calls Key Vault's encrypt
 * and decrypt operations on its key ("Ensure encrypt and decrypt key operations are enabled"), while
 * the platform key permits only wrapKey and unwrapKey, what Storage and Backup use, and Key Vault
 * refuses an operation a key does not permit.
 * https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#create-a-key-vault-and-key-for-a-public-key-vault
 * https://github.com/Azure/kubernetes-kms/blob/master/pkg/plugin/keyvault.go
 *
 * AKS is given the key with its version and keeps using that version until the key id changes:
 * rotation makes a new version, `pulumi up --refresh` hands it to the cluster, and
 * `kubectl get secrets -A -o json | kubectl replace -f -` re-encrypts the secrets with it.
 * https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption#rotate-existing-keys-in-a-public-key-vault
 *
 * Data-bearing (without it, etcd's secrets cannot be read, and AKS does not support deleting it), so
 * retained on delete in prod like the platform keys. Its properties are create-only, like the platform
 * keys' (components/keys/azure.ts).
 */
export function secretsKey(self: pulumi.Resource, ctx: PlatformContext, platformKey: KeyRef, provider: pulumi.ProviderResource): keyvault.Key {
    const vault = platformKey.resourceId.apply(vaultOfKey);
    return new keyvault.Key(
        secretsKeyName,
        {
            keyName: secretsKeyName,
            vaultName: vault.apply((v) => v.name),
            resourceGroupName: vault.apply((v) => v.resourceGroup),
            properties: {
                kty: "RSA",
                keySize: 3072,
                keyOps: ["encrypt", "decrypt"],
                rotationPolicy: {
                    lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: `P${keyRotationDays}D` } }],
                },
            },
            tags: { ...ctx.tags },
        },
        dataOptions(self, provider, ctx),
    );
}

/** The vault and resource group of a key, from its ARM id (`.../resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/keys/k`). */
export function vaultOfKey(keyId: string): { resourceGroup: string; name: string } {
    const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/keys\//i.exec(keyId);
    if (!match) {
        throw new Error(`not the ARM id of a Key Vault key: ${keyId}`);
    }
    return { resourceGroup: match[1], name: match[2] };
}
