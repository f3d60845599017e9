import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { subnetOf } from "../network/address-plan";
import { namePrefix, PlatformContext } from "../shared/context";
import { dataOptions } from "../shared/options";
import { defaultPort } from "./contract";

/** Where a store's nodes sit in one region: a subnet group and a security group open to the given ranges on the store's port only. */
export interface StoreNetwork {
    readonly subnetGroup: aws.elasticache.SubnetGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
}

/**
 * The store's subnet group and security group in a VPC: the port from the listed ranges (the VPC and
 * the pods) and nothing else, no egress (a cache opens no connection). Retained in prod with the
 * retained store that sits in them.
 */
export function storeNetwork(
    parent: pulumi.Resource,
    suffix: string,
    args: { ctx: PlatformContext; provider: pulumi.ProviderResource; vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<string>[]; clientRanges: string[] },
): StoreNetwork {
    const { ctx, provider } = args;
    const prefix = namePrefix(ctx);
    const subnetGroup = new aws.elasticache.SubnetGroup(
        `feature-store${suffix}`,
        { name: `${prefix}-feature-store${suffix}`, description: "Private subnets of the feature store", subnetIds: args.subnetIds },
        dataOptions(parent, provider, ctx),
    );
    const securityGroup = new aws.ec2.SecurityGroup(
        `feature-store${suffix}`,
        {
            vpcId: args.vpcId,
            description: "Feature store: Valkey TLS from the platform network only",
            ingress: [{ description: "Valkey (TLS) from nodes and pods", protocol: "tcp", fromPort: defaultPort, toPort: defaultPort, cidrBlocks: args.clientRanges }],
            egress: [],
            tags: { Name: `${prefix}-feature-store${suffix}` },
        },
        dataOptions(parent, provider, ctx),
    );
    return { subnetGroup, securityGroup };
}

/**
 * A private-only VPC in the backup region for the secondary: one subnet per zone (the profile's count),
 * no internet or NAT gateway, since the secondary only receives replication from AWS's network. Data
 * options: the retained secondary's interfaces sit in it.
 */
export function secondaryVpc(parent: pulumi.Resource, args: { ctx: PlatformContext; provider: pulumi.ProviderResource; cidr: string }) {
    const { ctx, provider } = args;
    const prefix = namePrefix(ctx);
    const data = (extra: pulumi.CustomResourceOptions = {}) => dataOptions(parent, provider, ctx, extra);
    const vpc = new aws.ec2.Vpc(
        "feature-store-secondary",
        { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${prefix}-feature-store-secondary` } },
        data(),
    );
    const zones = aws.getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, { parent, provider }).names;
    // /24s at the start of the block (network.cidr's size, /20 or wider): a cache node needs one address per node.
    const subnets = Array.from(
        { length: ctx.profile.zones },
        (_, i) =>
            new aws.ec2.Subnet(
                `feature-store-secondary-${i}`,
                { vpcId: vpc.id, cidrBlock: subnetOf(args.cidr, 24, i), availabilityZone: zones.apply((z) => z[i]), tags: { Name: `${prefix}-feature-store-secondary-${i}` } },
                data({ parent: vpc }),
            ),
    );
    return { vpc, subnets };
}
