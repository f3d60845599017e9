import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { ProvidersImplementation } from "./contract";

export const awsProviders: ProvidersImplementation = {
    createProviders(parent: pulumi.Resource, ctx: PlatformContext) {
        const settings = ctx.providerSettings;
        const make = (name: string, region: string) =>
            new aws.Provider(name, { ...settings, region, defaultTags: { tags: { ...ctx.tags } } } as aws.ProviderArgs, { parent });
        return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
    },
};
