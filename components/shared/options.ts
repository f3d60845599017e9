import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "./context";

/**
 * What a child adds to its options. It cannot carry `retainOnDelete`: whether a child outlives its
 * removal from the program is decided by picking `dataOptions` or `infraOptions`, visibly at the call.
 */
export type ExtraOptions = Omit<pulumi.CustomResourceOptions, "retainOnDelete">;

/** `dataOptions` or `infraOptions`, for helpers that make a child on their caller's behalf (e.g. a role grant). */
export type OptionsFor = typeof dataOptions;

function options(parent: pulumi.Resource, provider: pulumi.ProviderResource | undefined, retainOnDelete: boolean, extra: ExtraOptions): pulumi.CustomResourceOptions {
    return { parent, ...(provider ? { provider } : {}), retainOnDelete, ...extra };
}

/**
 * For data-bearing children (buckets, keys, vaults, Kafka clusters and topics, namespaces) and what
 * protects or serves them (encryption, versioning, locks, replication, grants they need). Retained on
 * delete in prod, so removing them from the program — as a cloud swap does — detaches them from the
 * stack instead of destroying the data. Dev tears down.
 */
export function dataOptions(
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource | undefined,
    ctx: Pick<PlatformContext, "retainData">,
    extra: ExtraOptions = {},
): pulumi.CustomResourceOptions {
    return options(parent, provider, ctx.retainData, extra);
}

/**
 * For everything else — network, clusters, node groups, identities and roles, add-ons, alarms: what
 * a cloud swap or a teardown may delete and a deploy can recreate. Never retained, in any environment.
 */
export function infraOptions(
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource | undefined,
    _ctx: Pick<PlatformContext, "retainData">,
    extra: ExtraOptions = {},
): pulumi.CustomResourceOptions {
    return options(parent, provider, false, extra);
}
