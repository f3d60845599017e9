import * as pulumi from "@pulumi/pulumi";
import { KeyRef, RegionalKeys } from "../keys";
import { RegionalProviders } from "../providers";
import { forCloud } from "../shared/cloud";
import { Cloud, PlatformContext } from "../shared/context";
import { AccessGrant, LakeAccess } from "../shared/grants";

export const lockModes = ["governance", "compliance"] as const;
export type LockMode = (typeof lockModes)[number];

export interface LakeSettings {
    /** Days after which objects move to the infrequent-access class. */
    readonly coldAfterDays: number;
    /** Days after which objects move to the archive class; always more than coldAfterDays. */
    readonly archiveAfterDays: number;
    /** Days a superseded version is kept before it expires. */
    readonly noncurrentVersionDays: number;
    /** Default immutability of every new object version; 0 turns the default off. */
    readonly lockDays: number;
    /** governance: privileged users may shorten or lift a lock; compliance: nobody can. */
    readonly lockMode: LockMode;
}

/** Days after which an upload that never completed is cleaned up, where the cloud keeps them. */
export const abortIncompleteUploadDays = 7;

export interface DataLakeArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly settings: LakeSettings;
}

/** What the lake is, on every cloud. */
export interface LakeOutputs {
    /** Bucket name (AWS, GCP) or storage account name (Azure). */
    readonly name: pulumi.Output<string>;
    /** `s3://bucket`, `gs://bucket` or `https://account.blob.core.windows.net/container`. */
    readonly url: pulumi.Output<string>;
    /** The customer-managed key the data is encrypted with. */
    readonly keyId: pulumi.Output<string>;
    readonly region: string;
    /** What access grants attach to: bucket ARN, `projects/_/buckets/name`, storage account id. */
    readonly resourceId: pulumi.Output<string>;
}

/** What a cloud's protected store (bucket, storage account) is built from; the lake and its replica alike. */
export interface StoreArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    /** The key of the store's region. */
    readonly key: KeyRef;
    readonly settings: LakeSettings;
    /** Short role in physical names: `lake`, `replica`. */
    readonly role: string;
}

/** A store as its cloud built it. */
export interface Store extends LakeOutputs {
    /**
     * Resources holding settings that replication and backup need in place first (S3 versioning),
     * where the cloud splits them from the store. `dependsOn` the lake component does not reach them:
     * they are children of the bucket, a custom resource, which Pulumi does not expand.
     */
    readonly ready?: readonly pulumi.Resource[];
}

/** Builds a store with every protection of the lake, as a child of `parent`; each cloud has one. */
export type CreateStore = (parent: pulumi.ComponentResource, name: string, args: StoreArgs) => Store;

/** Access to the lake's objects (and, where the cloud needs it, its key) for a workload identity. */
export type CreateLakeGrant = (lake: LakeOutputs, access: LakeAccess) => AccessGrant;

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
    private readonly cloud: Cloud;

    constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:storage:DataLake", name, {}, opts);
        const create = forCloud<CreateStore>(args.ctx.cloud, {
            aws: () => (require("./aws-bucket") as typeof import("./aws-bucket")).protectedBucket,
            gcp: () => (require("./gcp-bucket") as typeof import("./gcp-bucket")).protectedBucket,
            azure: () => (require("./azure-account") as typeof import("./azure-account")).protectedAccount,
        });
        const { ctx, providers, keys, settings } = args;
        const store = create(this, "lake", { ctx, provider: providers.primary, key: keys.primary, settings, role: "lake" });
        ({ name: this.name, url: this.url, keyId: this.keyId, region: this.region, resourceId: this.resourceId } = store);
        this.ready = store.ready ?? [];
        this.cloud = ctx.cloud;
        this.registerOutputs({ name: this.name, url: this.url, keyId: this.keyId, region: this.region, resourceId: this.resourceId });
    }

    /** Read or read-write access to the lake's objects, for a workload identity. */
    grant(access: LakeAccess): AccessGrant {
        const create = forCloud<CreateLakeGrant>(this.cloud, {
            aws: () => (require("./aws-grant") as typeof import("./aws-grant")).lakeGrant,
            gcp: () => (require("./gcp-grant") as typeof import("./gcp-grant")).lakeGrant,
            azure: () => (require("./azure-grant") as typeof import("./azure-grant")).lakeGrant,
        });
        return create(this, access);
    }
}
