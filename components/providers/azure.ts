import { Provider, ProviderArgs } from "@pulumi/azure-native/provider";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { ProvidersImplementation } from "./contract";

export const azureProviders: ProvidersImplementation = {
    createProviders(parent: pulumi.Resource, ctx: PlatformContext) {
        const settings = ctx.providerSettings;
        const make = (name: string, location: string) =>
            new Provider(name, { ...settings, location } as ProviderArgs, { parent });
        return { primary: make("primary", ctx.region), backup: make("backup", ctx.backupRegion) };
    },
};
