import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { providerSettings, RegionalProviders } from "./index";

export function createProviders(parent: pulumi.Resource, ctx: PlatformContext): RegionalProviders {
    const settings = providerSettings("aws");
    const make = (name: string, region: string) =>
        new aws.Provider(name, { ...settings, region, defaultTags: { tags: { ...ctx.tags } } } as aws.ProviderArgs, { parent });
    return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
}
