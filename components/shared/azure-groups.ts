import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "./context";
import { resourceGroupName } from "./azure-names";
import { knownAfter } from "./known-after";
import { dataOptions } from "./options";

export interface ResourceGroup {
    readonly group: resources.ResourceGroup;
    /** The group's name, known during a preview; inputs built from it wait for the group. */
    readonly name: pulumi.Output<string>;
}

/**
 * The resource group one capability keeps in one region. Deleting a group deletes everything in it,
 * so it is data-bearing: retained on delete in prod like the data it holds (dataOptions).
 */
export function resourceGroup(
    parent: pulumi.Resource,
    name: string,
    args: { ctx: PlatformContext; provider: pulumi.ProviderResource; capability: string; region: string },
): ResourceGroup {
    const { ctx, provider, capability, region } = args;
    const groupName = resourceGroupName(ctx, capability, region);
    const group = new resources.ResourceGroup(
        name,
        { resourceGroupName: groupName, location: region, tags: { ...ctx.tags } },
        dataOptions(parent, provider, ctx),
    );
    return { group, name: knownAfter(group, groupName) };
}
