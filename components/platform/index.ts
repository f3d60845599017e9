import * as pulumi from "@pulumi/pulumi";
import { BackupSettings, LakeBackup } from "../backup";
import { EncryptionKeys } from "../keys";
import { DataLake, LakeSettings } from "../lake";
import { CloudProviders } from "../providers";
import { PlatformContext } from "../shared/context";

export interface PlatformArgs {
    readonly ctx: PlatformContext;
    readonly lake: LakeSettings;
    readonly backup: BackupSettings;
}

/**
 * The whole platform for one stack, on the cloud its config names. Capabilities sit side by side
 * and take what they need from each other (providers, keys, the lake); none branches on the cloud.
 */
export class Platform extends pulumi.ComponentResource {
    readonly providers: CloudProviders;
    readonly keys: EncryptionKeys;
    readonly lake: DataLake;
    readonly lakeBackup: LakeBackup;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:index:Platform", name, {}, opts);
        const { ctx } = args;
        const parent = { parent: this };
        this.providers = new CloudProviders("providers", { ctx }, parent);
        this.keys = new EncryptionKeys("keys", { ctx, providers: this.providers }, parent);
        this.lake = new DataLake("lake", { ctx, providers: this.providers, keys: this.keys, settings: args.lake }, parent);
        this.lakeBackup = new LakeBackup(
            "lake-backup",
            { ctx, providers: this.providers, keys: this.keys, lake: this.lake, lakeSettings: args.lake, settings: args.backup },
            parent,
        );
        this.registerOutputs({});
    }
}
