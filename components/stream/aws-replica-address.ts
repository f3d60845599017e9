// Where the network of the backup region's MSK cluster lives. No SDK imports: the stack config rules
// check the same derivation before anything is declared.

import * as ipaddr from "ipaddr.js";
import { isPrivateRange, overlaps } from "../network/address-plan";

/**
 * The replica's VPC takes the block right after network.cidr, of the same size (10.41.0.0/16 after
 * 10.40.0.0/16, 10.40.16.0/20 after 10.40.0.0/20): apart from the primary VPC, so the two can be
 * peered or routed to each other later, and derived rather than configured. The replica network
 * reuses the pod and service ranges (they never leave their VPC).
 */
export function replicaCidr(cidr: string): string {
    const [base, prefix] = ipaddr.IPv4.parseCIDR(cidr);
    const start = base.octets.reduce((n, o) => n * 256 + o, 0);
    const next = start + 2 ** (32 - prefix);
    if (next >= 2 ** 32) {
        return `255.255.255.255/${prefix}`;
    }
    const address = [24, 16, 8, 0].map((s) => Math.floor(next / 2 ** s) % 256).join(".");
    return `${address}/${prefix}`;
}

/**
 * Why the replica block cannot be a VPC of this platform, or undefined when it can. A VPC's primary
 * block must be private (RFC 1918) to take the pod range as a secondary block, and no block may
 * overlap the pod or service range. https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export function replicaCidrProblem(cidr: string, podCidr: string, serviceCidr: string): string | undefined {
    const replica = replicaCidr(cidr);
    if (!isPrivateRange(replica)) {
        return `the block after it, ${replica}, is not in a private (RFC 1918) range`;
    }
    for (const [what, range] of [["network.podCidr", podCidr], ["network.serviceCidr", serviceCidr]] as const) {
        if (overlaps(replica, range)) {
            return `the block after it, ${replica}, overlaps ${what} ${range}`;
        }
    }
    return undefined;
}
