import * as pulumi from "@pulumi/pulumi";
import { RegionalProviders } from "../providers";
import { forCloud } from "../shared/cloud";
import { PlatformContext } from "../shared/context";
import { AddressPlan, addressPlan } from "./address-plan";

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
 * outputs (route tables, subnet resources, DNS zones, ...). Each is defined in that cloud's module
 * with a `cloud` tag; `networkHandle` narrows it.
 */
export type NetworkHandle = import("./aws").AwsNetworkHandle | import("./gcp").GcpNetworkHandle | import("./azure").AzureNetworkHandle;

export function networkHandle<C extends NetworkHandle["cloud"]>(network: { handle: NetworkHandle }, cloud: C): Extract<NetworkHandle, { cloud: C }> {
    if (network.handle.cloud !== cloud) {
        throw new Error(`the network was built for ${network.handle.cloud}, not ${cloud}`);
    }
    return network.handle as Extract<NetworkHandle, { cloud: C }>;
}

/** The cloud's network parts. */
export interface CloudNetwork extends Omit<NetworkOutputs, "plan" | "podRange" | "serviceRange"> {
    readonly handle: NetworkHandle;
}

export type CreateNetwork = (self: pulumi.ComponentResource, args: NetworkArgs & { plan: AddressPlan }) => CloudNetwork;

/**
 * The private network every later service lives in: private subnets across zones, egress through
 * NAT, and private access to the cloud's storage and managed services.
 */
export class Network extends pulumi.ComponentResource implements NetworkOutputs {
    readonly networkId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly endpointSubnetId: pulumi.Output<string>;
    readonly zones: pulumi.Output<string[]>;
    readonly podRange: string;
    readonly serviceRange: string;
    readonly plan: AddressPlan;
    /** Cloud-specific parts for the same cloud's other components (see each cloud's network module). */
    readonly handle: NetworkHandle;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:network:Network", name, {}, opts);
        const { settings, ctx } = args;
        this.plan = addressPlan(settings.cidr, zoneCount(ctx), settings.podCidr, settings.serviceCidr);
        const create = forCloud<CreateNetwork>(ctx.cloud, {
            aws: () => (require("./aws") as typeof import("./aws")).createNetwork,
            gcp: () => (require("./gcp") as typeof import("./gcp")).createNetwork,
            azure: () => (require("./azure") as typeof import("./azure")).createNetwork,
        });
        const out = create(this, { ...args, plan: this.plan });
        this.networkId = out.networkId;
        this.privateSubnetIds = out.privateSubnetIds;
        this.endpointSubnetId = out.endpointSubnetId;
        this.zones = out.zones;
        this.handle = out.handle;
        this.podRange = this.plan.podRange;
        this.serviceRange = this.plan.serviceRange;
        this.registerOutputs({
            networkId: this.networkId,
            privateSubnetIds: this.privateSubnetIds,
            endpointSubnetId: this.endpointSubnetId,
            zones: this.zones,
            podRange: this.podRange,
            serviceRange: this.serviceRange,
        });
    }
}
