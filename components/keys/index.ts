import * as pulumi from "@pulumi/pulumi";
import { RegionalProviders, regionSpecs } from "../providers/contract";
import { PlatformContext } from "../shared/context";
import { KeyRef, KeysImplementation, RegionalKeys } from "./contract";

export * from "./contract";

export interface EncryptionKeysArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    /** The chosen cloud's implementation (components/clouds). */
    readonly implementation: KeysImplementation;
}

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
        const create = args.implementation.createRegionalKey;
        const regions = regionSpecs(args.ctx, args.providers);
        this.primary = create(this, args.ctx, regions.primary);
        this.backup = create(this, args.ctx, regions.backup);
        this.primaryKeyId = this.primary.id;
        this.backupKeyId = this.backup.id;
        this.registerOutputs({ primaryKeyId: this.primaryKeyId, backupKeyId: this.backupKeyId });
    }
}
