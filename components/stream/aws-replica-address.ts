// Where the network of the backup region's MSK cluster lives. No SDK imports: the stack config rules
// check the same derivation before anything is declared.

import { blockAfter, vpcBlockProblem } from "../network/address-plan";

/**
 * The replica's VPC takes the block right after network.cidr, of the same size (10.41.0.0/16 after
 * 10.40.0.0/16, 10.40.16.0/20 after 10.40.0.0/20): apart from the primary VPC, so the two can be
 * peered or routed to each other later, and derived rather than configured. The replica network
 * reuses the pod and service ranges (they never leave their VPC).
 */
export function replicaCidr(cidr: string): string {
    return blockAfter(cidr, 1);
}

/** Why the replica block cannot be a VPC of this platform, or undefined when it can (`vpcBlockProblem`). */
export function replicaCidrProblem(cidr: string, podCidr: string, serviceCidr: string): string | undefined {
    const replica = replicaCidr(cidr);
    return vpcBlockProblem(replica, `the block after it, ${replica},`, podCidr, serviceCidr);
}
