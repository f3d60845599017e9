import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { principalOf } from "../shared/grants";
import { lakeContainerName } from "./azure-account";
import { CreateLakeGrant } from "./contract";

// Data-plane roles on the lake's container only; the account's key is used by Storage itself.
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage
const roles = {
    read: "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", // Storage Blob Data Reader
    "read-write": "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
} as const;

export const lakeGrant: CreateLakeGrant = (lake, access) => ({
    description: `${access} on the lake`,
    attach: (principal, name, opts) => {
        const subscription = lake.resourceId.apply((id) => id.split("/")[2]);
        return [
            new authorization.RoleAssignment(
                name,
                {
                    principalId: principalOf(principal, "azure").principalId,
                    // A new managed identity: stating the type lets Azure skip a directory lookup that can fail while it replicates.
                    principalType: "ServicePrincipal",
                    roleDefinitionId: pulumi.interpolate`/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${roles[access]}`,
                    scope: pulumi.interpolate`${lake.resourceId}/blobServices/default/containers/${lakeContainerName}`,
                },
                opts,
            ),
        ];
    },
});
