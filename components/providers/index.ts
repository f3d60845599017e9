import * as pulumi from "@pulumi/pulumi";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";

export interface CloudProvidersArgs {
    readonly ctx: PlatformContext;
}

/** Explicit providers for the two regions of the chosen cloud; every resource names one of them. */
export interface RegionalProviders {
    readonly primary: pulumi.ProviderResource;
    readonly backup: pulumi.ProviderResource;
}

export type CreateProviders = (parent: pulumi.Resource, ctx: PlatformContext) => RegionalProviders;

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

export class CloudProviders extends pulumi.ComponentResource implements RegionalProviders {
    readonly primary: pulumi.ProviderResource;
    readonly backup: pulumi.ProviderResource;
    readonly region: string;
    readonly backupRegion: string;

    constructor(name: string, args: CloudProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:cloud:Providers", name, {}, opts);
        const create = forCloud<CreateProviders>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createProviders,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createProviders,
            azure: () => (require("./azure") as typeof import("./azure")).createProviders,
        });
        ({ primary: this.primary, backup: this.backup } = create(this, args.ctx));
        this.region = args.ctx.region;
        this.backupRegion = args.ctx.backupRegion;
        this.registerOutputs({ region: this.region, backupRegion: this.backupRegion });
    }
}

/**
 * Settings a user put under the provider's own namespace (`aws:profile`, `gcp:credentials`,
 * `azure-native:subscriptionId`, ...). Explicit providers do not read stack config by themselves,
 * so they are handed on; the platform's own region settings win.
 */
export function providerSettings(namespace: string): Record<string, string> {
    const out: Record<string, string> = {};
    const prefix = `${namespace}:`;
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (key.startsWith(prefix)) {
            out[key.slice(prefix.length)] = value;
        }
    }
    return out;
}
