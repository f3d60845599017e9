import * as pulumi from "@pulumi/pulumi";
import { RegionSpec } from "../providers/contract";
import { PlatformContext } from "../shared/context";

/** A customer-managed key in one region, as the services that encrypt with it name it. */
export interface KeyRef {
    /** AWS key ARN, GCP `projects/.../cryptoKeys/...`, Azure versionless key URI. */
    readonly id: pulumi.Output<string>;
    /** What grants attach to: AWS key ARN, GCP crypto key id, Azure key resource id. */
    readonly resourceId: pulumi.Output<string>;
    readonly region: string;
    /**
     * AWS only: the key's alias ARN, built from account, region and alias name, so known during a
     * first preview (unlike the key ARN). The lake's bucket policy names the key by it.
     */
    readonly aliasArn?: pulumi.Output<string>;
    /** The key's current version, for services that take a versioned key only (Azure Managed Redis); Azure only. */
    readonly versionedId?: pulumi.Output<string>;
}

export interface RegionalKeys {
    readonly primary: KeyRef;
    readonly backup: KeyRef;
}

/** The chosen cloud's key for one region, as a child of `self`. */
export type CreateRegionalKey = (self: pulumi.ComponentResource, ctx: PlatformContext, at: RegionSpec) => KeyRef;

/** What a cloud provides for this capability. */
export interface KeysImplementation {
    readonly createRegionalKey: CreateRegionalKey;
}

/** Automatic rotation period of every platform key: yearly, the longest all three clouds agree on. */
export const keyRotationDays = 365;
/** Days a key scheduled for deletion can still be recovered (AWS and GCP); the longest AWS allows. */
export const keyDeletionWindowDays = 30;
