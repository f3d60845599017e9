import { replicaCidrProblem } from "./aws-replica-address";
import { brokerInstanceType, brokersFor, partitionReplicasPerBroker, partitionsPerBroker } from "./aws-limits";
import { profiles } from "../shared/profile";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What Amazon MSK, MSK Replicator and the replica's VPC accept, checked before anything is declared.

export const awsStreamRules: CloudRule[] = [
    (s, ns) => {
        // Each broker carries its share of every partition replica, dead-letter topics included.
        // https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html#partitions-per-broker
        const perBroker = partitionReplicasPerBroker(s.stream, profiles[s.environment]);
        if (perBroker > partitionsPerBroker) {
            const brokers = brokersFor(profiles[s.environment], s.stream.replicateToBackupRegion);
            throw new ConfigError(
                `${ns}:stream.topics`,
                s.stream.topics.map((t) => `${t.name}:${t.partitions}`).join(", "),
                `partitions that put at most ${partitionsPerBroker} partition replicas on each ${brokerInstanceType} broker on aws ` +
                    `(MSK's recommendation; the ${brokers} ${s.environment} brokers would carry ${perBroker} each, every topic counted twice with its dead-letter topic)`,
            );
        }
    },
    (s, ns) => {
        // The replica cluster's VPC takes the block after network.cidr (components/stream/aws-replica-address.ts).
        if (!s.stream.replicateToBackupRegion) {
            return;
        }
        const { cidr, podCidr, serviceCidr } = s.network;
        const problem = replicaCidrProblem(cidr, podCidr, serviceCidr);
        if (problem) {
            throw new ConfigError(
                `${ns}:network.cidr`,
                cidr,
                `a block whose successor of the same size can be the replica VPC on aws when stream.replicateToBackupRegion is true: ${problem}`,
            );
        }
    },
];
