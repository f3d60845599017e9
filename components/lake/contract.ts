import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { PlatformContext } from "../shared/context";
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

/** What a cloud provides for this capability. */
export interface LakeImplementation {
    readonly createStore: CreateStore;
    readonly lakeGrant: CreateLakeGrant;
}
