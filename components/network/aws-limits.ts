// Zones the platform's AWS services refuse. Zone names map to different physical zones in every
// account, so these are zone ids, which do not.

/**
 * Zone ids EKS places no control-plane interfaces in and MSK no brokers in: "The subnets can't
 * reside in the following Availability Zones: us-east-1 use1-az3, us-west-1 usw1-az2, ca-central-1
 * cac1-az3" (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html); "Client subnets
 * can't occupy the Availability Zone with ID use1-az3"
 * (https://docs.aws.amazon.com/msk/1.0/apireference/clusters.html#clusters-model-brokernodegroupinfo).
 * Every subnet of the network serves both, so the network leaves these zones out.
 */
export const unsupportedZoneIds: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];
