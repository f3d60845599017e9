import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { ProvidersImplementation } from "./contract";

export const gcpProviders: ProvidersImplementation = {
    createProviders(parent: pulumi.Resource, ctx: PlatformContext) {
        const settings = ctx.providerSettings;
        const make = (name: string, region: string) =>
            new gcp.Provider(name, { ...settings, project: ctx.gcpProject, region, defaultLabels: { ...ctx.tags } } as gcp.ProviderArgs, { parent });
        return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
    },
};
