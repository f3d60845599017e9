import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";

/** Explicit providers for the two regions of the chosen cloud; every resource names one of them. */
export interface RegionalProviders {
    readonly primary: pulumi.ProviderResource;
    readonly backup: pulumi.ProviderResource;
}

/** One of the platform's two regions, with its provider: what a per-region resource needs. */
export interface RegionSpec {
    /** `primary` or `backup`: logical names of per-region children. */
    readonly name: "primary" | "backup";
    readonly region: string;
    readonly provider: pulumi.ProviderResource;
}

export function regionSpecs(ctx: Pick<PlatformContext, "region" | "backupRegion">, providers: RegionalProviders): { primary: RegionSpec; backup: RegionSpec } {
    return {
        primary: { name: "primary", region: ctx.region, provider: providers.primary },
        backup: { name: "backup", region: ctx.backupRegion, provider: providers.backup },
    };
}

/** What a cloud provides for this capability. */
export interface ProvidersImplementation {
    /** The cloud's provider for each region (ctx.providerSettings carries the user's own provider settings). */
    createProviders(parent: pulumi.Resource, ctx: PlatformContext): RegionalProviders;
}
