// Node counts as GKE counts them, kept free of SDK imports so the config check can use them too.
//
// GKE node-pool autoscaling takes either per-zone limits (min/maxNodeCount) or totals for the whole
// pool (totalMin/MaxNodeCount, GKE 1.24+); the platform's minNodes/maxNodes are totals. A pool is
// created with initialNodeCount nodes in EACH of its zones, so the first size is that count times
// the number of zones. https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-autoscaler

/** Nodes per zone a pool starts with so that it starts with at least `minNodes` in total. */
export function initialNodesPerZone(minNodes: number, zones: number): number {
    return Math.ceil(minNodes / zones);
}

/** The pool's size right after creation: what `maxNodes` must allow. */
export function initialPoolSize(minNodes: number, zones: number): number {
    return initialNodesPerZone(minNodes, zones) * zones;
}
