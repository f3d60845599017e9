import * as pulumi from "@pulumi/pulumi";
import { RegionalKeys } from "../keys/contract";
import { RegionalProviders } from "../providers/contract";
import { PlatformContext } from "../shared/context";
import { AccessGrant, LakeAccess } from "../shared/grants";
import { LakeImplementation, LakeOutputs, LakeSettings } from "./contract";

export * from "./contract";

export interface DataLakeArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly settings: LakeSettings;
    /** The chosen cloud's implementation (components/clouds). */
    readonly implementation: LakeImplementation;
}

/**
 * The versioned, encrypted, tiered and immutable-by-default object store the platform's data lands
 * in. Public access is blocked and only HTTPS reaches it (TLS 1.2 or newer on AWS and Azure; on GCP the TLS floor is the organization's `gcp.restrictTLSVersion` policy).
 */
export class DataLake extends pulumi.ComponentResource implements LakeOutputs {
    readonly name: pulumi.Output<string>;
    readonly url: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly region: string;
    readonly resourceId: pulumi.Output<string>;
    /** What replication and backup of the lake wait for besides the lake itself (see `Store.ready`). */
    readonly ready: readonly pulumi.Resource[];
    private readonly implementation: LakeImplementation;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:storage:DataLake", name, {}, opts);
        const { ctx, providers, keys, settings } = args;
        const store = args.implementation.createStore(this, "lake", { ctx, provider: providers.primary, key: keys.primary, settings, role: "lake" });
        ({ name: this.name, url: this.url, keyId: this.keyId, region: this.region, resourceId: this.resourceId } = store);
        this.ready = store.ready ?? [];
        this.implementation = args.implementation;
        this.registerOutputs({ name: this.name, url: this.url, keyId: this.keyId, region: this.region, resourceId: this.resourceId });
    }

    /** Read or read-write access to the lake's objects, for a workload identity. */
    grant(access: LakeAccess): AccessGrant {
        return this.implementation.lakeGrant(this, access);
    }
}
