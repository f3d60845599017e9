import * as pulumi from "@pulumi/pulumi";
import { RegionalProviders } from "../providers/contract";
import { Cloud, handleOf, PlatformContext } from "../shared/context";
import { AddressPlan } from "./address-plan";

export interface NetworkSettings {
    /** The platform's address space; subnets are derived from it (see address-plan.ts). */
    readonly cidr: string;
    /** Pod addresses, outside `cidr`. */
    readonly podCidr: string;
    /** Kubernetes service addresses, outside `cidr` and `podCidr`. */
    readonly serviceCidr: string;
}

/** Private subnets across this many zones: the profile's (three in prod, two in dev). */
export function zoneCount(ctx: Pick<PlatformContext, "profile">): number {
    return ctx.profile.zones;
}

export interface NetworkArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly settings: NetworkSettings;
}

/** What the network is, on every cloud. */
export interface NetworkOutputs {
    /** VPC id, VPC network self link, VNet id. */
    readonly networkId: pulumi.Output<string>;
    /** One private subnet per zone, zone order (AWS, Azure); GCP's regional subnet once. */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Where private endpoints of managed services go (interface endpoints, PSC, private endpoints). */
    readonly endpointSubnetId: pulumi.Output<string>;
    /** The zones the private subnets span, in the cloud's naming (`us-east-1a`, `us-central1-b`, `1`). */
    readonly zones: pulumi.Output<string[]>;
    readonly podRange: string;
    readonly serviceRange: string;
    readonly plan: AddressPlan;
}

/**
 * What each cloud's network module hands the same cloud's other components beyond the shared
 * outputs (route tables, subnet resources, DNS zones, ...). Each cloud's module extends this with its
 * own parts and a `cloud` tag; `networkHandle` checks the tag and narrows to that cloud's handle.
 */
export interface NetworkHandle {
    readonly cloud: Cloud;
}

/** The handle as the cloud `H` built it (`networkHandle<AwsNetworkHandle>(args.network, "aws")`). */
export function networkHandle<H extends NetworkHandle>(network: { handle: NetworkHandle }, cloud: H["cloud"]): H {
    return handleOf<H>(network, cloud, "network");
}

/** The network as other capabilities receive it: the shared outputs and the cloud's handle. */
export interface NetworkRef extends NetworkOutputs {
    readonly handle: NetworkHandle;
}

/** The cloud's network parts. */
export interface CloudNetwork extends Omit<NetworkOutputs, "plan" | "podRange" | "serviceRange"> {
    readonly handle: NetworkHandle;
}

export type CreateNetwork = (self: pulumi.ComponentResource, args: NetworkArgs & { plan: AddressPlan }) => CloudNetwork;

/** What a cloud provides for this capability. */
export interface NetworkImplementation {
    readonly createNetwork: CreateNetwork;
}
