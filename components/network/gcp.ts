import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpProjectOf } from "../shared/gcp-context";
import { dataOptions, ExtraOptions, infraOptions } from "../shared/options";
import { prefixOf } from "./address-plan";
import { CreateNetwork, NetworkHandle, NetworkImplementation, zoneCount } from "./contract";

/** Secondary ranges of the node subnet that GKE takes pod and Service addresses from. */
export const podRangeName = "pods";
export const serviceRangeName = "services";

/** The Private Service Access peering: Memorystore, Cloud SQL and friends attach through it. */
export const privateServiceAccessService = "servicenetworking.googleapis.com";

/** What GCP's other components need from the network beyond the shared outputs. */
export interface GcpNetworkHandle extends NetworkHandle {
    readonly cloud: "gcp";
    readonly network: gcp.compute.Network;
    /** The regional subnet the cluster's nodes live in, with the pod and Service secondary ranges. */
    readonly nodeSubnet: gcp.compute.Subnetwork;
    /** The subnet Private Service Connect endpoints go in (Managed Kafka, Memorystore for Redis Cluster, ...). */
    readonly endpointSubnet: gcp.compute.Subnetwork;
    readonly podRangeName: string;
    readonly serviceRangeName: string;
    /** The block reserved for Private Service Access; services peered in take their addresses from it. */
    readonly managedServicesRange: gcp.compute.GlobalAddress;
    /** The Private Service Access peering; a service that attaches through it must depend on it. */
    readonly privateServiceAccess: gcp.servicenetworking.Connection;
    readonly router: gcp.compute.Router;
    readonly nat: gcp.compute.RouterNat;
    /** Standard zones of the primary region the platform spreads over (3 prod, 2 dev), sorted. */
    readonly zones: pulumi.Output<string[]>;
    readonly region: string;
}

/**
 * GCP subnets are regional, not zonal: one subnet spans every zone of the region. So the plan's
 * first private block becomes the regional node subnet (nodes in all zones take addresses from it),
 * the other private blocks stay free for later capabilities that need a subnet of their own (a
 * second cluster, Serverless VPC Access, Cloud Run direct egress). Cloud NAT and external load
 * balancers need no subnet on GCP, so the plan's public blocks stay free as well (a proxy-only
 * subnet for regional internal Application Load Balancers can take one later). The endpoint block
 * becomes the Private Service Connect subnet; the managed-services block is reserved for Private
 * Service Access. Pods and Services use secondary ranges outside the network's own range
 * (VPC-native GKE: https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips).
 */
export const createNetwork: CreateNetwork = (self, { ctx, providers, plan }) => {
    // Not data-bearing: a cloud swap (or a teardown) deletes the network instead of leaving it behind,
    // except what retained services sit in (`attached`, below).
    const infra = (extra: ExtraOptions = {}) => infraOptions(self, providers.primary, ctx, extra);
    // The VPC and the endpoint subnet hold the Private Service Connect endpoints of the Kafka
    // clusters, which prod retains with their messages ("Both broker and bootstrap server IP addresses
    // and DNS entries are automatically created in the subnet", Managed Kafka's networkConfigs). A
    // swap would try to delete them under the kept clusters (refused while their addresses are in
    // use, or cutting the clusters off if not), so prod retains them too; decommissioning them
    // after the clusters is a runbook (docs/runbooks.md). The Private Service Access range and peering
    // are kept for the same reason: a retained Cloud SQL instance holds its address in them.
    const attached = (extra: ExtraOptions = {}) => dataOptions(self, providers.primary, ctx, extra);
    const project = gcpProjectOf(ctx);
    const region = ctx.region;
    const description = `${ctx.project}/${ctx.stack}: ai-data-platform`;

    const network = new gcp.compute.Network(
        "vpc",
        {
            project,
            description,
            // Custom mode: only the subnets declared here exist, with addresses from the plan.
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
        },
        attached(),
    );

    const nodeSubnet = new gcp.compute.Subnetwork(
        "nodes",
        {
            project,
            region,
            network: network.id,
            description: `${description}: GKE nodes, with pod and Service secondary ranges`,
            ipCidrRange: plan.privateSubnets[0],
            stackType: "IPV4_ONLY",
            // Nodes have no external address; Private Google Access lets them (and pods) reach Cloud
            // Storage, Artifact Registry and the other Google APIs without NAT.
            // https://cloud.google.com/vpc/docs/private-google-access
            privateIpGoogleAccess: true,
            secondaryIpRanges: [
                { rangeName: podRangeName, ipCidrRange: plan.podRange },
                { rangeName: serviceRangeName, ipCidrRange: plan.serviceRange },
            ],
            // Flow logs in prod, for incident response; dev does without (they are billed by volume).
            ...(ctx.profile.subnetFlowLogs
                ? { logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } }
                : {}),
        },
        infra(),
    );

    const endpointSubnet = new gcp.compute.Subnetwork(
        "endpoints",
        {
            project,
            region,
            network: network.id,
            description: `${description}: Private Service Connect endpoints of managed services`,
            ipCidrRange: plan.endpointSubnet,
            stackType: "IPV4_ONLY",
            privateIpGoogleAccess: true,
        },
        attached(),
    );

    // Egress to the internet (image registries outside Google, model hubs, package mirrors) through
    // Cloud NAT. Cloud NAT is a regional, software-defined service with no gateway instance per zone,
    // so one NAT serves every zone in dev and prod alike: https://cloud.google.com/nat/docs/overview
    const router = new gcp.compute.Router("nat", { project, region, network: network.id, description: `${description}: Cloud NAT` }, infra());
    const nat = new gcp.compute.RouterNat(
        "nat",
        {
            project,
            region,
            router: router.name,
            natIpAllocateOption: "AUTO_ONLY",
            // The node subnet only, all of its ranges: pods whose traffic GKE does not masquerade to
            // the node address leave from the pod range. https://cloud.google.com/nat/docs/gke-example
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
            subnetworks: [{ name: nodeSubnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
            // Nodes running many pods open many connections: ports grow per VM on demand instead of a
            // fixed 64. Dynamic allocation excludes endpoint-independent mapping.
            // https://cloud.google.com/nat/docs/ports-and-addresses#dynamic-port
            enableDynamicPortAllocation: true,
            enableEndpointIndependentMapping: false,
            minPortsPerVm: 64,
            maxPortsPerVm: 4096,
            logConfig: { enable: true, filter: "ERRORS_ONLY" },
        },
        infra({ parent: router }),
    );

    // Private Service Access: a block of the plan reserved for Google-managed services that peer
    // into the network (Memorystore for Redis, Cloud SQL, Filestore, ...). Managed Service for Apache
    // Kafka uses Private Service Connect in a subnet instead (the endpoint subnet above).
    // https://cloud.google.com/vpc/docs/configure-private-services-access
    const [rangeBase] = plan.managedServicesRange.split("/");
    const managedServicesRange = new gcp.compute.GlobalAddress(
        "managed-services",
        {
            project,
            description: `${description}: Private Service Access range`,
            purpose: "VPC_PEERING",
            addressType: "INTERNAL",
            address: rangeBase,
            prefixLength: prefixOf(plan.managedServicesRange),
            network: network.id,
        },
        // The retained Cloud SQL instance (Airflow's metadata database) holds its private address in it.
        attached(),
    );
    const privateServiceAccess = new gcp.servicenetworking.Connection(
        "managed-services",
        {
            network: network.id,
            service: privateServiceAccessService,
            // (A list built from the name as a whole: the offline preview cannot carry a value
            // unknown during a preview inside a list.)
            reservedPeeringRanges: managedServicesRange.name.apply((name) => [name]),
            // A project keeps one connection per network and service; a redeploy after a teardown
            // that could not remove it updates its ranges instead of failing.
            updateOnCreationFail: true,
            // Deleted with the network where nothing is retained (dev; the default DELETE). Google refuses
            // while producers still hold addresses (Cloud SQL keeps them for days after an instance is
            // deleted); ABANDON would not help, since the peering it leaves behind blocks deleting the
            // network: https://github.com/hashicorp/terraform-provider-google/issues/19908
        },
        // The retained Cloud SQL instance is reached through this peering; deleting it under the instance is refused.
        attached({ parent: managedServicesRange }),
    );

    // Zones of the primary region, as Compute Engine lists them. Only standard zones (`-a`, `-b`, ...):
    // AI zones (`us-central1-ai1`) are capacity sites for accelerators, not general-purpose zones.
    // https://docs.cloud.google.com/tpu/docs/types-zones
    const count = zoneCount(ctx);
    const zones = gcp.compute.getZonesOutput({ project, region }, { parent: self, provider: providers.primary }).names.apply((names) => {
        const standard = [...names].filter((z) => new RegExp(`^${region}-[a-z]$`).test(z)).sort();
        if (standard.length < count) {
            throw new Error(`${region} lists ${standard.length} standard zone(s) (${standard.join(", ")}); the platform spreads over ${count}`);
        }
        return standard.slice(0, count);
    });

    return {
        networkId: network.selfLink,
        privateSubnetIds: pulumi.all([nodeSubnet.selfLink]),
        endpointSubnetId: endpointSubnet.selfLink,
        zones,
        handle: {
            cloud: "gcp",
            network,
            nodeSubnet,
            endpointSubnet,
            podRangeName,
            serviceRangeName,
            managedServicesRange,
            privateServiceAccess,
            router,
            nat,
            zones,
            region,
        },
    };
};

export const gcpNetwork: NetworkImplementation = { createNetwork };
