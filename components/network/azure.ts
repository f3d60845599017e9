import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import { minApiServerSubnetPrefix } from "../kubernetes/azure-limits";
import { ResourceGroup, resourceGroup } from "../shared/azure-groups";
import type { PlatformContext } from "../shared/context";
import { knownAfter } from "../shared/known-after";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { prefixOf } from "./address-plan";
import { CreateNetwork, NetworkHandle, NetworkImplementation, zoneCount } from "./contract";

/**
 * Private DNS zones of the services the platform reaches through private endpoints: Event Hubs for
 * the streams, Azure Managed Redis for the feature store. A private endpoint registers its address in the zone of its service; linked to the
 * VNet, the zone makes the service's usual name resolve to that address.
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns
 * The lake and the key vaults have no private endpoint (they are reached over their public endpoints,
 * Entra ID only; why: docs/azure.md), so their zones (`privatelink.blob.core.windows.net`,
 * `privatelink.vaultcore.azure.net`) come with the endpoints, if those are added.
 */
export const privateDnsZoneNames = {
    eventHubs: "privatelink.servicebus.windows.net",
    // Azure Managed Redis (the feature store). https://learn.microsoft.com/azure/private-link/private-endpoint-dns#databases
    redisEnterprise: "privatelink.redis.azure.net",
} as const;

export type PrivateDnsService = keyof typeof privateDnsZoneNames;

/**
 * A private endpoint for a service in the network's endpoint subnet (`net`, a VNet in the primary region,
 * reaches a service in any region), registered in that service's private DNS zone so its usual name
 * resolves to the endpoint inside the VNet. Named `<targetName>-<suffix>`, in the service's resource
 * group; one private-link connection, named as the sub-resource (`groupId`) it reaches. Data options:
 * kept with a retained service in prod, whose public access is off, so the endpoint and its DNS record
 * are the only way to reach the kept data (as the network keeps the subnet and the zone).
 * https://learn.microsoft.com/azure/private-link/private-endpoint-dns
 */
export function privateEndpoint(
    parent: pulumi.Resource,
    name: string,
    args: {
        ctx: PlatformContext;
        net: AzureNetworkHandle;
        /** The service's resource name, which the endpoint's name starts with, and the suffix after it. */
        targetName: pulumi.Input<string>;
        suffix: string;
        /** The service's ARM id and its private-link sub-resource. */
        targetId: pulumi.Input<string>;
        groupId: string;
        resourceGroupName: pulumi.Input<string>;
        /** The zone of `net.privateDnsZones` and the name of its config in the zone group. */
        dnsZone: PrivateDnsService;
        dnsConfigName: string;
    },
): network.PrivateEndpoint {
    const { ctx, net } = args;
    const attached = (extra: ExtraOptions = {}) => dataOptions(parent, net.provider, ctx, extra);
    const endpointName = pulumi.interpolate`${args.targetName}-${args.suffix}`;
    const endpoint = new network.PrivateEndpoint(
        name,
        {
            privateEndpointName: endpointName,
            resourceGroupName: args.resourceGroupName,
            // A private endpoint lives in its VNet's region, whichever region the service is in.
            location: net.region,
            subnet: { id: net.endpointSubnet.id },
            privateLinkServiceConnections: [{ name: args.groupId, privateLinkServiceId: args.targetId, groupIds: [args.groupId] }],
            tags: { ...ctx.tags },
        },
        attached(),
    );
    new network.PrivateDnsZoneGroup(
        name,
        {
            privateEndpointName: knownAfter(endpoint, endpointName),
            resourceGroupName: args.resourceGroupName,
            privateDnsZoneGroupName: "default",
            privateDnsZoneConfigs: [{ name: args.dnsConfigName, privateDnsZoneId: net.privateDnsZones[args.dnsZone].id }],
        },
        attached({ parent: endpoint }),
    );
    return endpoint;
}

/** What Azure's other components take from the network. */
export interface AzureNetworkHandle extends NetworkHandle {
    readonly cloud: "azure";
    /** The primary region's provider; everything in the network uses it. */
    readonly provider: pulumi.ProviderResource;
    readonly region: string;
    readonly resourceGroup: ResourceGroup;
    readonly vnet: network.VirtualNetwork;
    /** AKS nodes (every pool); egress through the NAT gateway. */
    readonly nodeSubnet: network.Subnet;
    /** Delegated to AKS: the API server's internal load balancer (API Server VNet Integration). */
    readonly apiServerSubnet: network.Subnet;
    /** Private endpoints of managed services. */
    readonly endpointSubnet: network.Subnet;
    readonly natGateway: network.NatGateway;
    /** The address all egress leaves from. */
    readonly egressIp: network.PublicIPAddress;
    readonly privateDnsZones: Readonly<Record<PrivateDnsService, privatedns.PrivateZone>>;
    /** Availability zones the network spans, in Azure's naming (`1`, `2`, `3`). */
    readonly zones: string[];
}

// Connections to the internet stay open this long without traffic; 4 minutes is the NAT gateway's
// default and the shortest it allows, so idle SNAT ports return to the pool soonest.
// https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource#tcp-idle-timeout
const natIdleTimeoutMinutes = 4;

/**
 * The platform's VNet in the primary region. Azure subnets span every zone of a region, so the plan's
 * per-zone blocks map onto Azure as follows:
 * - privateSubnets[0]: the AKS nodes of every pool, all zones (the node pools choose the zones);
 *   egress through the NAT gateway. Pods live outside the VNet (CNI Overlay), so this one block
 *   holds thousands of nodes. The other private blocks stay free for capabilities that need a subnet
 *   of their own (a delegated subnet for a managed database, say).
 * - publicSubnets[0]: the API server's internal load balancer (API Server VNet Integration), the one
 *   load balancer the platform needs. Azure needs no subnet for the NAT gateway or for public load
 *   balancers, so the other public blocks stay free.
 * - endpointSubnet: private endpoints of managed services, with the private DNS zones above.
 * - managedServicesRange: kept free (GCP's peered services; no Azure counterpart needed yet).
 */
export const createNetwork: CreateNetwork = (self, { ctx, providers, plan }) => {
    const provider = providers.primary;
    // Not data-bearing: a cloud swap removes the network, except what the private endpoints of a
    // retained Event Hubs namespace or Managed Redis cluster (and Airflow's delegated database subnet)
    // need in prod (`attached`): the VNet, the endpoint subnet and the private DNS zones that resolve
    // the services to them. Deleting those under a kept service whose public access is off would
    // leave its data unreachable. Decommission them by hand once the services are gone (docs/runbooks.md).
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, provider, ctx, extra);
    const attached = (extra: ExtraOptions = {}) => dataOptions(self, provider, ctx, extra);
    const location = ctx.region;
    const tags = { ...ctx.tags };
    const group = resourceGroup(self, "network", { ctx, provider, capability: "network", region: location });
    const zones = Array.from({ length: zoneCount(ctx) }, (_, i) => String(i + 1));

    const vnet = new network.VirtualNetwork(
        "platform",
        {
            resourceGroupName: group.name,
            location,
            addressSpace: { addressPrefixes: [plan.cidr] },
            // No `subnets` here: each subnet is a resource of its own, and a VNet update that leaves the
            // property out keeps them (API 2023-09-01 and later).
            // https://techcommunity.microsoft.com/t5/azure-networking-blog/azure-virtual-network-now-supports-updates-without-subnet/ba-p/4067952
            tags,
        },
        attached(),
    );

    // One NAT gateway carries the egress of every zone. A Standard NAT gateway lives in one zone and a
    // subnet takes only one, so zone-redundant egress for a pool that spans zones needs the StandardV2
    // SKU, which API 2024-05-01 (azure-native 3.28) cannot ask for; both are left to Azure's placement
    // ("no zone") until then. https://learn.microsoft.com/azure/nat-gateway/nat-availability-zones
    const egressIp = new network.PublicIPAddress(
        "egress",
        {
            resourceGroupName: group.name,
            location,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            tags,
        },
        infra(),
    );
    const natGateway = new network.NatGateway(
        "egress",
        {
            resourceGroupName: group.name,
            location,
            sku: { name: "Standard" },
            publicIpAddresses: [{ id: egressIp.id }],
            idleTimeoutInMinutes: natIdleTimeoutMinutes,
            tags,
        },
        infra(),
    );

    if (prefixOf(plan.publicSubnets[0]) > minApiServerSubnetPrefix) {
        throw new Error(`the API server subnet ${plan.publicSubnets[0]} is smaller than AKS's /${minApiServerSubnetPrefix}; the config check should have refused network.cidr`);
    }
    // Azure applies subnet operations on one VNet one at a time and fails concurrent ones
    // ("AnotherOperationInProgress"), so each subnet waits for the one before.
    const nodeSubnet = new network.Subnet(
        "nodes",
        {
            resourceGroupName: group.name,
            virtualNetworkName: vnet.name,
            subnetName: "aks-nodes",
            addressPrefix: plan.privateSubnets[0],
            natGateway: { id: natGateway.id },
            // Private by design: nothing leaves except through the NAT gateway.
            // https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access
            defaultOutboundAccess: false,
            // The lake (and model files in it) is read over the Azure backbone, not through the NAT
            // gateway's ports and per-GB processing. https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview
            serviceEndpoints: [{ service: "Microsoft.Storage" }],
            // No NSG on the subnet: pod-to-pod traffic under CNI Overlay carries pod addresses outside the
            // VNet range, which a subnet NSG's default rules deny; AKS keeps its own NSG on the node NICs.
            // https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay#network-security-groups
        },
        infra(),
    );
    const apiServerSubnet = new network.Subnet(
        "apiserver",
        {
            resourceGroupName: group.name,
            virtualNetworkName: vnet.name,
            subnetName: "aks-apiserver",
            addressPrefix: plan.publicSubnets[0],
            defaultOutboundAccess: false,
            // AKS projects the API server into this subnet and needs it to itself.
            // https://learn.microsoft.com/azure/aks/api-server-vnet-integration#aks-standard-bring-your-own-vnet
            delegations: [{ name: "aks-apiserver", serviceName: "Microsoft.ContainerService/managedClusters" }],
        },
        infra({ dependsOn: [nodeSubnet] }),
    );
    const endpointSubnet = new network.Subnet(
        "endpoints",
        {
            resourceGroupName: group.name,
            virtualNetworkName: vnet.name,
            subnetName: "private-endpoints",
            addressPrefix: plan.endpointSubnet,
            defaultOutboundAccess: false,
            privateEndpointNetworkPolicies: "Disabled",
        },
        attached({ dependsOn: [apiServerSubnet] }),
    );

    const privateDnsZones = Object.fromEntries(
        (Object.keys(privateDnsZoneNames) as PrivateDnsService[]).map((service) => {
            // Kept with the retained services' private endpoints (Event Hubs namespaces, Managed Redis
            // clusters): their records live in the zone, and the link makes the VNet resolve them.
            const zone = new privatedns.PrivateZone(
                service,
                // Private DNS zones are global resources: their location is always "Global".
                // https://learn.microsoft.com/azure/dns/private-dns-privatednszone
                { resourceGroupName: group.name, privateZoneName: privateDnsZoneNames[service], location: "Global", tags },
                attached(),
            );
            new privatedns.VirtualNetworkLink(
                service,
                {
                    resourceGroupName: group.name,
                    privateZoneName: zone.name,
                    location: "Global",
                    virtualNetwork: { id: vnet.id },
                    registrationEnabled: false,
                    // A name under a privatelink zone that has no record here (a service with a private
                    // endpoint elsewhere) falls back to public resolution instead of failing.
                    // https://learn.microsoft.com/azure/dns/private-dns-fallback
                    resolutionPolicy: "NxDomainRedirect",
                    tags,
                },
                attached({ parent: zone }),
            );
            return [service, zone];
        }),
    ) as Record<PrivateDnsService, privatedns.PrivateZone>;

    return {
        networkId: vnet.id,
        privateSubnetIds: pulumi.all([nodeSubnet.id]),
        endpointSubnetId: endpointSubnet.id,
        zones: pulumi.output(zones),
        handle: {
            cloud: "azure",
            provider,
            region: location,
            resourceGroup: group,
            vnet,
            nodeSubnet,
            apiServerSubnet,
            endpointSubnet,
            natGateway,
            egressIp,
            privateDnsZones,
            zones,
        },
    };
};

export const azureNetwork: NetworkImplementation = { createNetwork };
