import * as ipaddr from "ipaddr.js";

/**
 * How the platform's address space is carved, the same on every cloud: one private subnet per zone
 * for nodes and services, one small public subnet per zone for NAT and load balancers, and one
 * subnet for private endpoints of managed services. Pods and Kubernetes services get ranges of their
 * own outside the network (`podRange`, `serviceRange`), as EKS and AKS require and GKE allows.
 */
export interface AddressPlan {
    readonly cidr: string;
    readonly privateSubnets: readonly string[];
    readonly publicSubnets: readonly string[];
    readonly endpointSubnet: string;
    /**
     * A block set aside (not a subnet) for managed services that peer into the network with ranges
     * of their own (GCP Private Service Access for Memorystore, Cloud SQL, ...).
     */
    readonly managedServicesRange: string;
    readonly podRange: string;
    readonly serviceRange: string;
}

/** Narrowest network the plan fits in; widest the clouds accept for one VPC/VNet range. */
export const minNetworkPrefix = 16;
export const maxNetworkPrefix = 20;
/** Every cloud here offers at least three zones in a zonal region; dev uses two. */
export const maxZones = 3;

export function addressPlan(cidr: string, zones: number, podRange: string, serviceRange: string): AddressPlan {
    const [base, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const start = toInt(base);
    const size = 2 ** (32 - prefix);
    // Private subnets take three eighths of the space (one eighth each), public and endpoint
    // subnets a 1/256 slice each from the fourth eighth, managed services the first sixteenth of the
    // second half; the rest stays free for later capabilities.
    const privateSize = size / 8;
    const smallSize = size / 256;
    const block = (offset: number, blockSize: number) => `${toAddress(start + offset)}/${32 - Math.log2(blockSize)}`;
    return {
        cidr,
        privateSubnets: range(zones).map((i) => block(i * privateSize, privateSize)),
        publicSubnets: range(zones).map((i) => block(3 * privateSize + i * smallSize, smallSize)),
        endpointSubnet: block(3 * privateSize + maxZones * smallSize, smallSize),
        managedServicesRange: block(size / 2, size / 16),
        podRange,
        serviceRange,
    };
}

/** Whether two CIDR ranges share any address. */
export function overlaps(a: string, b: string): boolean {
    const [aBase, aPrefix] = ipaddr.IPv4.parseCIDR(a);
    const [bBase, bPrefix] = ipaddr.IPv4.parseCIDR(b);
    const shorter = Math.min(aPrefix, bPrefix);
    return aBase.match(bBase, shorter);
}

/** A valid IPv4 CIDR whose address is the network address (`10.40.0.0/16`, not `10.40.1.0/16`). */
export function isNetworkCidr(text: string): boolean {
    try {
        const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
        return ipaddr.IPv4.networkAddressFromCIDR(text).toString() === addr.toString() && prefix >= 0;
    } catch {
        return false;
    }
}

export function prefixOf(cidr: string): number {
    return ipaddr.IPv4.parseCIDR(cidr)[1];
}

/** RFC 1918 private space, plus the shared address space (RFC 6598) that pod ranges commonly use. */
export function isPrivateRange(cidr: string, allowShared = false): boolean {
    const [addr] = ipaddr.IPv4.parseCIDR(cidr);
    const kind = addr.range();
    return kind === "private" || (allowShared && kind === "carrierGradeNat");
}

function toInt(addr: ipaddr.IPv4): number {
    return addr.octets.reduce((n, o) => n * 256 + o, 0);
}

function toAddress(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}
