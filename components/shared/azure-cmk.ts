import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { assignRole } from "./azure-roles";
import { namePrefix, PlatformContext } from "./context";
import { dataOptions } from "./options";
import { afterPropagation } from "./propagation";

export interface KeyUserArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly subscriptionId: pulumi.Input<string>;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly region: string;
    /** Short role in the identity's name: `lake`, `events`, ... */
    readonly role: string;
    readonly key: KeyRef;
}

export interface KeyUser {
    readonly identity: managedidentity.UserAssignedIdentity;
    /**
     * The identity's right on the key, given time to reach Key Vault: a service that first wraps its
     * data key as this identity is created after it (a role assignment takes minutes to apply).
     */
    readonly keyGrant: pulumi.Resource;
    /** The key as Azure services name it for customer-managed keys: vault URI and key name, no version. */
    readonly vaultUri: pulumi.Output<string>;
    readonly keyName: pulumi.Output<string>;
}

/**
 * A user-assigned identity that may use exactly one Key Vault key (get, wrap, unwrap), for a service
 * that encrypts with a customer-managed key through it (storage accounts, Event Hubs namespaces).
 * User-assigned, so it exists — with its grant — before the service is created and first wraps its
 * data key. https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account
 */
export function keyUserIdentity(parent: pulumi.Resource, name: string, args: KeyUserArgs): KeyUser {
    const { ctx, provider, key } = args;
    const identity = new managedidentity.UserAssignedIdentity(
        `${name}-cmk`,
        { resourceName: `${namePrefix(ctx)}-${args.role}-cmk`, resourceGroupName: args.resourceGroupName, location: args.region, tags: { ...ctx.tags } },
        dataOptions(parent, provider, ctx),
    );
    const keyGrant = assignRole(
        parent,
        `${name}-cmk-key-user`,
        {
            ctx,
            provider,
            subscriptionId: args.subscriptionId,
            role: "keyVaultCryptoServiceEncryptionUser",
            principalId: identity.principalId,
            principalType: "ServicePrincipal",
            // This key only, not the vault.
            scope: key.resourceId,
        },
        dataOptions,
        { parent: identity },
    );
    const parts = key.id.apply(splitKeyUri);
    return { identity, keyGrant: afterPropagation(`${name}-cmk-key-user`, [keyGrant], "azure", identity), vaultUri: parts.vaultUri, keyName: parts.name };
}

/** `https://<vault>.vault.azure.net/keys/<name>` → its vault URI and key name. */
export function splitKeyUri(uri: string): { vaultUri: string; name: string } {
    const url = new URL(uri);
    const [, keys, name] = url.pathname.split("/");
    if (keys !== "keys" || !name) {
        throw new Error(`not a versionless Key Vault key URI: ${uri}`);
    }
    return { vaultUri: url.origin, name };
}
