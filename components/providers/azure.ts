import { Provider, ProviderArgs } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { providerSettings, RegionalProviders } from "./index";

export function createProviders(parent: pulumi.Resource, ctx: PlatformContext): RegionalProviders {
    const settings = providerSettings("azure-native");
    const make = (name: string, location: string) =>
        new Provider(name, { ...settings, location } as ProviderArgs, { parent });
    return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
}
