import { Answer } from "./common";

// The AWS stream component calls only aws.getCallerIdentity (account id for trust conditions) and,
// through the network module it reuses for the replica's network, aws.getPartition and
// aws.getAvailabilityZones: all answered in aws.ts, by the provider's region, so the backup region's
// network gets that region's zones. Bootstrap brokers and cluster ARNs are read from the cluster's
// outputs (unknown during a preview), never through aws.msk.getBootstrapBrokers, so nothing is
// needed here.
export const awsStreamInvokes: Record<string, Answer> = {};
