import * as pulumi from "@pulumi/pulumi";
import { RegionalProviders, RegionSpec, regionSpecs } from "../providers";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";

/** A customer-managed key in one region, as the services that encrypt with it name it. */
export interface KeyRef {
    /** AWS key ARN, GCP `projects/.../cryptoKeys/...`, Azure versionless key URI. */
    readonly id: pulumi.Output<string>;
    /** What grants attach to: AWS key ARN, GCP crypto key id, Azure key resource id. */
    readonly resourceId: pulumi.Output<string>;
    readonly region: string;
    /** The key's current version, for services that take a versioned key only (Azure Managed Redis); Azure only. */
    readonly versionedId?: pulumi.Output<string>;
}

export interface RegionalKeys {
    readonly primary: KeyRef;
    readonly backup: KeyRef;
}

export interface EncryptionKeysArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
}

/** The chosen cloud's key for one region, as a child of `self`. */
export type CreateRegionalKey = (self: pulumi.ComponentResource, ctx: PlatformContext, at: RegionSpec) => KeyRef;

/**
 * Customer-managed keys in the primary and the backup region: rotated automatically and protected
 * against deletion. Everything that stores data encrypts with the key of its region.
 */
export class EncryptionKeys extends pulumi.ComponentResource implements RegionalKeys {
    readonly primary: KeyRef;
    readonly backup: KeyRef;
    readonly primaryKeyId: pulumi.Output<string>;
    readonly backupKeyId: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:security:EncryptionKeys", name, {}, opts);
        const create = forCloud<CreateRegionalKey>(args.ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createRegionalKey,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createRegionalKey,
            azure: () => (require("./azure") as typeof import("./azure")).createRegionalKey,
        });
        const regions = regionSpecs(args.ctx, args.providers);
        this.primary = create(this, args.ctx, regions.primary);
        this.backup = create(this, args.ctx, regions.backup);
        this.primaryKeyId = this.primary.id;
        this.backupKeyId = this.backup.id;
        this.registerOutputs({ primaryKeyId: this.primaryKeyId, backupKeyId: this.backupKeyId });
    }
}

/** Automatic rotation period of every platform key: yearly, the longest all three clouds agree on. */
export const keyRotationDays = 365;
/** Days a key scheduled for deletion can still be recovered (AWS and GCP); the longest AWS allows. */
export const keyDeletionWindowDays = 30;
