import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { providerSettings, RegionalProviders } from "./index";

export function createProviders(parent: pulumi.Resource, ctx: PlatformContext): RegionalProviders {
    const settings = providerSettings("gcp");
    const make = (name: string, region: string) =>
        new gcp.Provider(name, { ...settings, project: ctx.gcpProject, region, defaultLabels: { ...ctx.tags } } as gcp.ProviderArgs, { parent });
    return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
}
