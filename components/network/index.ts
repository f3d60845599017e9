import * as pulumi from "@pulumi/pulumi";
import { addressPlan, AddressPlan } from "./address-plan";
import { NetworkArgs, NetworkHandle, NetworkImplementation, NetworkRef, zoneCount } from "./contract";

export * from "./contract";

/**
 * The private network every later service lives in: private subnets across zones, egress through
 * NAT, and private access to the cloud's storage and managed services.
 */
export class Network extends pulumi.ComponentResource implements NetworkRef {
    readonly networkId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly endpointSubnetId: pulumi.Output<string>;
    readonly zones: pulumi.Output<string[]>;
    readonly podRange: string;
    readonly serviceRange: string;
    readonly plan: AddressPlan;
    /** Cloud-specific parts for the same cloud's other components (see each cloud's network module). */
    readonly handle: NetworkHandle;

    constructor(name: string, args: NetworkArgs & { readonly implementation: NetworkImplementation }, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:network:Network", name, {}, opts);
        const { settings, ctx } = args;
        this.plan = addressPlan(settings.cidr, zoneCount(ctx), settings.podCidr, settings.serviceCidr);
        const out = args.implementation.createNetwork(this, { ctx, providers: args.providers, settings, plan: this.plan });
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
