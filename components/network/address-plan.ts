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

/** Each private subnet is an eighth of the network: its prefix is the network's plus this. */
export const privateBlockBits = 3;

export function addressPlan(cidr: string, zones: number, podRange: string, serviceRange: string): AddressPlan {
    const [base, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const start = toInt(base);
    const size = 2 ** (32 - prefix);
    // Private subnets take three eighths of the space (one eighth each), public and endpoint
    // subnets a 1/256 slice each from the fourth eighth, managed services the first sixteenth of the
    // second half; the rest stays free for later capabilities.
    const privateSize = size / 2 ** privateBlockBits;
    const smallSize = size / 256;
    const block = (offset: number, blockSize: number) => `${toAddress(start + offset)}/${32 - Math.log2(blockSize)}`;
    return {
        cidr,
        privateSubnets: privateSubnets(cidr, zones),
        publicSubnets: range(zones).map((i) => block(3 * privateSize + i * smallSize, smallSize)),
        endpointSubnet: block(3 * privateSize + maxZones * smallSize, smallSize),
        managedServicesRange: block(size / 2, size / 16),
        podRange,
        serviceRange,
    };
}

/** The plan's private subnets: one per zone, zone order, each an eighth of the network from its start. */
export function privateSubnets(cidr: string, zones: number): string[] {
    return range(zones).map((i) => subnetOf(cidr, prefixOf(cidr) + privateBlockBits, i));
}

/**
 * The block `n` blocks of `cidr`'s size after it (1: the next one), or `255.255.255.255/prefix` when
 * that is past the end of the address space.
 */
export function blockAfter(cidr: string, n: number): string {
    const [base, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    return nthBlock(toInt(base), prefix, n);
}

/** The `i`-th block (0: the first) of prefix `prefix` from the start of `cidr`. */
export function subnetOf(cidr: string, prefix: number, i: number): string {
    const [base] = ipaddr.IPv4.parseCIDR(cidr);
    return nthBlock(toInt(base), prefix, i);
}

/**
 * Why `block` cannot be the primary block of another VPC of this platform, or undefined when it can:
 * a VPC's primary block must be private (RFC 1918) to take the pod range as a secondary block, and
 * no block may overlap the pod or service range. `described` names the block in the message.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export function vpcBlockProblem(block: string, described: string, podCidr: string, serviceCidr: string): string | undefined {
    if (!isPrivateRange(block)) {
        return `${described} is not in a private (RFC 1918) range`;
    }
    for (const [what, range] of [["network.podCidr", podCidr], ["network.serviceCidr", serviceCidr]] as const) {
        if (overlaps(block, range)) {
            return `${described} overlaps ${what} ${range}`;
        }
    }
    return undefined;
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

function nthBlock(start: number, prefix: number, n: number): string {
    const at = start + n * 2 ** (32 - prefix);
    return at >= 2 ** 32 ? `255.255.255.255/${prefix}` : `${toAddress(at)}/${prefix}`;
}

function toAddress(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}
