import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "./context";

/**
 * Options for a child of a component. Data-bearing children (buckets, keys, vaults and the settings
 * that protect them) are retained on delete in prod, so that removing them from the program — as a
 * cloud swap does — detaches them from the stack instead of destroying the data. Dev tears down.
 */
export function childOptions(
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource | undefined,
    ctx: Pick<PlatformContext, "retainData">,
    extra: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
    return { parent, ...(provider ? { provider } : {}), retainOnDelete: ctx.retainData, ...extra };
}
