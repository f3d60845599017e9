import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix, PlatformContext } from "./context";

// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
const maxStorageAccountName = 24;
const hashLength = 8;

/** `adp-prod-lake-eastus2`: one group per capability and region, so each can be retained or torn down alone. */
export function resourceGroupName(ctx: Pick<PlatformContext, "stack">, capability: string, region: string): string {
    return `${namePrefix(ctx)}-${capability}-${region}`;
}

/**
 * A storage account name (3-24 lowercase letters and digits, unique across Azure) fixed by
 * subscription, stack, role and region, so it is known during a preview and the same on every run.
 * The hash keeps two subscriptions (or stacks cut to the same prefix) apart.
 */
export function storageAccountName(ctx: Pick<PlatformContext, "project" | "stack">, subscriptionId: string, role: string, region: string): string {
    const readable = `${namePrefix(ctx)}${role}`.replace(/[^a-z0-9]/g, "").slice(0, maxStorageAccountName - hashLength);
    const hash = createHash("sha256").update([subscriptionId, ctx.project, ctx.stack, role, region].join("/")).digest("hex");
    return `${readable}${hash.slice(0, hashLength)}`;
}

/**
 * A name unique across Azure (a host under the service's domain: letters, digits and hyphens, starting
 * with a letter) fixed by subscription, stack, role and region, so it is known during a preview and the
 * same on every run: the readable prefix and role, cut to fit `maxLength`, then 8 hex digits of a hash
 * that keeps two subscriptions, or stacks cut to the same prefix, apart. `service` goes into the hash
 * only, so two services' names for one role differ.
 */
export function globalName(
    ctx: Pick<PlatformContext, "project" | "stack">,
    args: { subscriptionId: string; service: string; role: string; region: string; maxLength: number },
): string {
    const readable = `${namePrefix(ctx)}-${args.role}`.replace(/[^a-z0-9-]/g, "").slice(0, args.maxLength - hashLength - 1).replace(/-+$/, "");
    const hash = createHash("sha256").update([args.subscriptionId, ctx.project, ctx.stack, args.service, args.role, args.region].join("/")).digest("hex");
    return `${readable}-${hash.slice(0, hashLength)}`;
}

/** ARM id of a storage account, from parts known during a preview. */
export function storageAccountId(subscriptionId: pulumi.Input<string>, resourceGroup: pulumi.Input<string>, account: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${account}`;
}
