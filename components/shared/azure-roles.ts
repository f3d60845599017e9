import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "./context";
import { ExtraOptions, OptionsFor } from "./options";

/**
 * Built-in role definition ids; they are the same in every tenant.
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security
 */
export const builtInRoles = {
    /** Create and manage keys in an RBAC-authorized key vault (data plane). */
    keyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    /** Read a key and wrap/unwrap with it: what a service needs to encrypt at rest with a customer-managed key. */
    keyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /**
     * Perform cryptographic operations with keys (encrypt/decrypt included): what the AKS KMS plugin needs
     * on its key. https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption
     */
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    /**
     * Manage networks, not access to them: what an AKS cluster identity needs on the subnets it joins.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/networking#network-contributor
     */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /**
     * All Kubernetes resources of a cluster that uses Azure RBAC for Kubernetes authorization.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers#azure-kubernetes-service-rbac-cluster-admin
     */
    aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    /**
     * Read, write and delete blobs: what Event Hubs Capture needs on its destination.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-blob-data-contributor
     * https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-managed-identity
     */
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /**
     * Back up and restore a storage account with Azure Backup: what a Backup vault's system-assigned
     * identity needs on the account it protects.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-account-backup-contributor
     * https://learn.microsoft.com/azure/backup/blob-backup-configure-manage#grant-permissions-to-the-backup-vault-on-storage-accounts
     */
    storageAccountBackupContributor: "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1",
    /**
     * Send to an event hub (Kafka produce) with a Microsoft Entra ID token.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/analytics#azure-event-hubs-data-sender
     */
    eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
    /**
     * Receive from an event hub (Kafka consume, offsets included) with a Microsoft Entra ID token.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/analytics#azure-event-hubs-data-receiver
     */
    eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
    /**
     * Manage everything but access: what the feature store's export job needs on its cluster alone, for
     * the database export action.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged#contributor
     */
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    /**
     * Get a user delegation key (asked for at account level), which signs a user delegation SAS: what the
     * feature store's export job needs on the lake account.
     * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage#storage-blob-delegator
     */
    storageBlobDelegator: "db58b8e5-c6ad-4a2a-8342-4190687cbf4a",
} as const;

export type BuiltInRole = keyof typeof builtInRoles;

/** The ARM id of a built-in role's definition in a subscription, as a role assignment names it. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, role: BuiltInRole): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${builtInRoles[role]}`;
}

/**
 * Who runs the program (objectId), in which tenant and subscription. Answered from the provider's
 * own credentials, so it is known during a preview.
 */
export function clientConfig(parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<authorization.GetClientConfigResult> {
    return authorization.getClientConfigOutput({ parent, provider });
}

export type PrincipalType = "User" | "ServicePrincipal";

/**
 * Whether the deploying principal is a user or a service principal (managed identities are service
 * principals). Azure rejects a role assignment whose principalType does not match the principal
 * ("UnmatchedPrincipalType"), and azure-native sends "User" when none is given, so a CI service
 * principal needs it stated. getClientConfig does not tell; the provider's own ARM token does.
 */
export function deployerPrincipalType(parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<PrincipalType> {
    return authorization.getClientTokenOutput({}, { parent, provider }).token.apply(principalTypeOfToken);
}

/**
 * Only tokens issued to a user carry delegated scopes (`scp`); app-only tokens (service principals,
 * managed identities) do not. The optional `idtyp` claim says it outright when present.
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export function principalTypeOfToken(token: string): PrincipalType {
    const payload = token.split(".")[1];
    if (!payload) {
        throw new Error("the Azure access token is not a JWT; cannot tell whether the deployer is a user or a service principal");
    }
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { idtyp?: string; scp?: string };
    if (claims.idtyp === "app") {
        return "ServicePrincipal";
    }
    if (claims.idtyp === "user") {
        return "User";
    }
    return claims.scp === undefined ? "ServicePrincipal" : "User";
}

export interface RoleAssignmentArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly subscriptionId: pulumi.Input<string>;
    readonly role: BuiltInRole;
    readonly principalId: pulumi.Input<string>;
    /**
     * Always stated: for a managed identity this program has just created it also lets Azure skip the
     * directory lookup that fails while the identity is still replicating.
     * https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal
     */
    readonly principalType: pulumi.Input<PrincipalType>;
    /** ARM id of what the role applies to; as narrow as the grant allows (one key, one vault). */
    readonly scope: pulumi.Input<string>;
}

/**
 * A role assignment of a built-in role. The provider names it with a fresh GUID. `options` is
 * `dataOptions` when what holds the grant is retained and needs it, else `infraOptions`.
 */
export function assignRole(parent: pulumi.Resource, name: string, args: RoleAssignmentArgs, options: OptionsFor, extra: ExtraOptions = {}): authorization.RoleAssignment {
    const { ctx, provider } = args;
    return new authorization.RoleAssignment(
        name,
        {
            principalId: args.principalId,
            principalType: args.principalType,
            roleDefinitionId: roleDefinitionId(args.subscriptionId, args.role),
            scope: args.scope,
        },
        options(parent, provider, ctx, extra),
    );
}
