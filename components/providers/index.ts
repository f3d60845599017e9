import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { ProvidersImplementation, RegionalProviders } from "./contract";

export * from "./contract";

export interface CloudProvidersArgs {
    readonly ctx: PlatformContext;
    /** The chosen cloud's implementation (components/clouds). */
    readonly implementation: ProvidersImplementation;
}

export class CloudProviders extends pulumi.ComponentResource implements RegionalProviders {
    readonly primary: pulumi.ProviderResource;
    readonly backup: pulumi.ProviderResource;
    readonly region: string;
    readonly backupRegion: string;

    constructor(name: string, args: CloudProvidersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:cloud:Providers", name, {}, opts);
        ({ primary: this.primary, backup: this.backup } = args.implementation.createProviders(this, args.ctx));
        this.region = args.ctx.region;
        this.backupRegion = args.ctx.backupRegion;
        this.registerOutputs({ region: this.region, backupRegion: this.backupRegion });
    }
}
