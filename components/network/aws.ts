import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix, PlatformContext } from "../shared/context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { prefixOf, subnetOf } from "./address-plan";
import { CreateNetwork, NetworkHandle, NetworkImplementation, zoneCount } from "./contract";
import { unsupportedZoneIds } from "./aws-limits";

/** What AWS's cluster (and later AWS services) need from the network beyond the shared outputs. */
export interface AwsNetworkHandle extends NetworkHandle {
    readonly cloud: "aws";
    readonly vpc: aws.ec2.Vpc;
    /** The platform's own range (network.cidr), the VPC's primary CIDR block. */
    readonly cidr: string;
    /** The pods' range (network.podCidr), a secondary CIDR block of the VPC. */
    readonly podRange: string;
    readonly zones: pulumi.Output<string[]>;
    /** One per zone, zone order: nodes, control-plane network interfaces, internal load balancers. */
    readonly privateSubnets: readonly aws.ec2.Subnet[];
    /** One per zone, zone order: NAT gateways and internet-facing load balancers. */
    readonly publicSubnets: readonly aws.ec2.Subnet[];
    /** One per zone, zone order, carved from the pod range: where the VPC CNI puts pod addresses (custom networking). */
    readonly podSubnets: readonly aws.ec2.Subnet[];
    /** Interface endpoints of managed services (PrivateLink) of later capabilities. */
    readonly endpointSubnet: aws.ec2.Subnet;
    /** Security group for those interface endpoints: HTTPS from inside the VPC only. */
    readonly endpointSecurityGroup: aws.ec2.SecurityGroup;
    /** One per zone: the default route through the zone's NAT gateway and the S3 gateway endpoint. */
    readonly privateRouteTables: readonly aws.ec2.RouteTable[];
    readonly s3Endpoint: aws.ec2.VpcEndpoint;
    /**
     * Everything a node needs before it boots: subnets, NAT routes, the S3 endpoint and the pod
     * range. Node groups depend on these, so `pulumi destroy` removes nodes before their egress.
     */
    readonly ready: readonly pulumi.Resource[];
}

// S3 gateway endpoints are free and keep image layers (ECR serves them from S3) and lake traffic off
// the NAT gateways: https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
export const createNetwork: CreateNetwork = (self, { ctx, providers, plan }) => {
    const provider = providers.primary;
    // Not data-bearing: a cloud swap (or removing the platform) deletes the network, except what a
    // retained MSK cluster's brokers sit in (the VPC and the private subnets, `attached`): EC2 refuses
    // to delete a subnet that still holds their network interfaces, and the kept cluster would lose
    // its network. Decommission them by hand once the cluster is gone (docs/runbooks.md).
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    const attached = (extra: ExtraOptions = {}) => dataOptions(self, provider, ctx, extra);
    const prefix = namePrefix(ctx);
    const count = zoneCount(ctx);
    const name = (role: string) => ({ Name: `${prefix}-${role}` });

    const zones = availableZones(self, ctx, provider, count);
    const zone = (i: number) => zones.apply((z) => z[i]);
    const suffix = (i: number) => String.fromCharCode(97 + i);

    const vpc = createVpc(self, ctx, provider, plan.cidr);

    // Pods get addresses from a range of their own outside network.cidr (VPC CNI custom networking):
    // https://docs.aws.amazon.com/eks/latest/userguide/cni-custom-network.html
    const podCidr = new aws.ec2.VpcIpv4CidrBlockAssociation("pods", { vpcId: vpc.id, cidrBlock: plan.podRange }, infra({ parent: vpc }));

    const igw = new aws.ec2.InternetGateway("network", { vpcId: vpc.id, tags: name("network") }, infra({ parent: vpc }));
    const publicRoutes = new aws.ec2.RouteTable("public", { vpcId: vpc.id, tags: name("public") }, infra({ parent: vpc }));
    const internet = new aws.ec2.Route("public-internet", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, infra({ parent: publicRoutes }));

    const publicSubnets = plan.publicSubnets.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `public-${suffix(i)}`,
            {
                vpcId: vpc.id,
                cidrBlock,
                availabilityZone: zone(i),
                // NAT gateways and load balancers get their own addresses; nothing launched here is given one implicitly.
                mapPublicIpOnLaunch: false,
                // Where the AWS Load Balancer Controller and the in-tree controller place internet-facing load balancers.
                tags: { ...name(`public-${suffix(i)}`), "kubernetes.io/role/elb": "1" },
            },
            infra({ parent: vpc }),
        );
        new aws.ec2.RouteTableAssociation(`public-${suffix(i)}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, infra({ parent: subnet }));
        return subnet;
    });

    // Prod: one NAT gateway per zone, so losing a zone does not cut the others' egress. Dev: one.
    const natZones = ctx.profile.natPerZone ? count : 1;
    const nats = Array.from({ length: natZones }, (_, i) => {
        const eip = new aws.ec2.Eip(`nat-${suffix(i)}`, { domain: "vpc", tags: name(`nat-${suffix(i)}`) }, infra({ parent: vpc }));
        return new aws.ec2.NatGateway(
            `nat-${suffix(i)}`,
            { subnetId: publicSubnets[i].id, allocationId: eip.id, connectivityType: "public", tags: name(`nat-${suffix(i)}`) },
            // The gateway needs the internet route of its subnet to be useful.
            infra({ parent: vpc, dependsOn: [igw] }),
        );
    });

    const privateRouteTables = Array.from({ length: count }, (_, i) => new aws.ec2.RouteTable(`private-${suffix(i)}`, { vpcId: vpc.id, tags: name(`private-${suffix(i)}`) }, infra({ parent: vpc })));
    const natRoutes = privateRouteTables.map(
        (table, i) =>
            new aws.ec2.Route(`private-${suffix(i)}-egress`, { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[Math.min(i, nats.length - 1)].id }, infra({ parent: table })),
    );

    const privateSubnets = plan.privateSubnets.map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `private-${suffix(i)}`,
            { vpcId: vpc.id, cidrBlock, availabilityZone: zone(i), mapPublicIpOnLaunch: false, tags: { ...name(`private-${suffix(i)}`), "kubernetes.io/role/internal-elb": "1" } },
            attached({ parent: vpc }),
        );
        new aws.ec2.RouteTableAssociation(`private-${suffix(i)}`, { subnetId: subnet.id, routeTableId: privateRouteTables[i].id }, infra({ parent: subnet }));
        return subnet;
    });

    const podSubnets = podBlocks(plan.podRange, count).map((cidrBlock, i) => {
        const subnet = new aws.ec2.Subnet(
            `pods-${suffix(i)}`,
            { vpcId: vpc.id, cidrBlock, availabilityZone: zone(i), mapPublicIpOnLaunch: false, tags: { ...name(`pods-${suffix(i)}`), "ai-data-platform/subnet-role": "pods" } },
            // A subnet in a secondary block can only be created once the block is associated.
            infra({ parent: vpc, dependsOn: [podCidr] }),
        );
        // Pod traffic to outside the VPC leaves through the node's primary interface (SNAT), but the
        // route table is still the zone's private one, so S3 and in-VPC routes apply the same way.
        new aws.ec2.RouteTableAssociation(`pods-${suffix(i)}`, { subnetId: subnet.id, routeTableId: privateRouteTables[i].id }, infra({ parent: subnet }));
        return subnet;
    });

    const endpointSubnet = new aws.ec2.Subnet(
        "endpoints",
        { vpcId: vpc.id, cidrBlock: plan.endpointSubnet, availabilityZone: zone(0), mapPublicIpOnLaunch: false, tags: { ...name("endpoints"), "ai-data-platform/subnet-role": "endpoints" } },
        infra({ parent: vpc }),
    );
    new aws.ec2.RouteTableAssociation("endpoints", { subnetId: endpointSubnet.id, routeTableId: privateRouteTables[0].id }, infra({ parent: endpointSubnet }));
    const endpointSecurityGroup = new aws.ec2.SecurityGroup(
        "endpoints",
        {
            vpcId: vpc.id,
            description: "Interface endpoints of managed services: HTTPS from inside the VPC",
            ingress: [{ description: "HTTPS from the VPC (nodes and pods)", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [plan.cidr, plan.podRange] }],
            egress: [],
            tags: name("endpoints"),
        },
        infra({ parent: vpc }),
    );

    const s3Endpoint = new aws.ec2.VpcEndpoint(
        "s3",
        { vpcId: vpc.id, serviceName: `com.amazonaws.${ctx.region}.s3`, vpcEndpointType: "Gateway", routeTableIds: privateRouteTables.map((t) => t.id), tags: name("s3") },
        infra({ parent: vpc }),
    );

    const handle: AwsNetworkHandle = {
        cloud: "aws",
        vpc,
        cidr: plan.cidr,
        podRange: plan.podRange,
        zones,
        privateSubnets,
        publicSubnets,
        podSubnets,
        endpointSubnet,
        endpointSecurityGroup,
        privateRouteTables,
        s3Endpoint,
        ready: [internet, ...natRoutes, s3Endpoint, podCidr, ...privateSubnets, ...podSubnets],
    };
    return {
        networkId: vpc.id,
        privateSubnetIds: pulumi.all(privateSubnets.map((s) => s.id)),
        endpointSubnetId: endpointSubnet.id,
        zones,
        handle,
    };
};

/**
 * The first `count` zones where every account can place subnets (no opt-in Local or Wavelength
 * Zones) and EKS and MSK accept them, in AZ order.
 */
function availableZones(self: pulumi.Resource, ctx: PlatformContext, provider: pulumi.ProviderResource, count: number): pulumi.Output<string[]> {
    const available = aws.getAvailabilityZonesOutput(
        { state: "available", excludeZoneIds: [...unsupportedZoneIds], filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
        { parent: self, provider },
    );
    return available.names.apply((names) => {
        if (names.length < count) {
            throw new Error(`${ctx.region} has ${names.length} availability zone(s); the ${ctx.environment} network spans ${count}`);
        }
        return names.slice(0, count);
    });
}

/**
 * The VPC of a network (`network`), kept like data (`dataOptions`: a retained MSK cluster's brokers
 * sit in it), and its default security group (`default`), which allows nothing.
 */
function createVpc(self: pulumi.Resource, ctx: PlatformContext, provider: pulumi.ProviderResource, cidr: string): aws.ec2.Vpc {
    const name = (role: string) => ({ Name: `${namePrefix(ctx)}-${role}` });
    const vpc = new aws.ec2.Vpc(
        "network",
        // DNS support and hostnames: the private API endpoint of EKS and PrivateLink endpoints resolve through the VPC resolver.
        { cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: name("network") },
        dataOptions(self, provider, ctx),
    );
    // The default security group allows all traffic between its members; nothing here uses it, so it allows nothing.
    new aws.ec2.DefaultSecurityGroup("default", { vpcId: vpc.id, ingress: [], egress: [], tags: name("default-unused") }, infraOptions(self, provider, ctx, { parent: vpc }));
    return vpc;
}

/** What a managed service's own network offers: a VPC, its range, one private subnet per zone. */
export interface AwsPrivateNetwork {
    readonly vpc: aws.ec2.Vpc;
    readonly cidr: string;
    /** The pods' range, where the network has pods (the platform network does; a private one does not). */
    readonly podRange?: string;
    readonly privateSubnets: readonly aws.ec2.Subnet[];
}

/**
 * A network for managed services that only talk inside it and through AWS's private connectivity
 * (the MSK replica and its Replicator): a VPC and one private subnet per zone on the main route
 * table, which routes within the VPC only. No internet or NAT gateway, public subnets, pod range or
 * S3 endpoint: nothing placed here reaches, or is reached from, outside the VPC. The VPC and its
 * subnets are kept like the platform network's (`dataOptions`): a retained cluster's brokers sit in
 * them.
 */
export function createPrivateNetwork(self: pulumi.Resource, args: { ctx: PlatformContext; provider: pulumi.ProviderResource; cidr: string; privateSubnets: readonly string[] }): AwsPrivateNetwork {
    const { ctx, provider } = args;
    const prefix = namePrefix(ctx);
    const name = (role: string) => ({ Name: `${prefix}-${role}` });
    const zones = availableZones(self, ctx, provider, args.privateSubnets.length);
    // Same resource names as the platform network's, under the caller's own component.
    const vpc = createVpc(self, ctx, provider, args.cidr);
    const privateSubnets = args.privateSubnets.map((cidrBlock, i) => {
        const suffix = String.fromCharCode(97 + i);
        return new aws.ec2.Subnet(
            `private-${suffix}`,
            { vpcId: vpc.id, cidrBlock, availabilityZone: zones.apply((z) => z[i]), mapPublicIpOnLaunch: false, tags: name(`private-${suffix}`) },
            dataOptions(self, provider, ctx, { parent: vpc }),
        );
    });
    return { vpc, cidr: args.cidr, privateSubnets };
}

/**
 * One pod subnet per zone from the pod range: quarters of it (a /18 each from a /16), so three zones
 * fit and a quarter stays free. With custom networking a node's pods take addresses from the pod
 * subnet of its zone only.
 */
export function podBlocks(podRange: string, zones: number): string[] {
    return Array.from({ length: zones }, (_, i) => subnetOf(podRange, prefixOf(podRange) + 2, i));
}

export const awsNetwork: NetworkImplementation = { createNetwork };
