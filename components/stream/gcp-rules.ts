import { prefixOf, privateBlockBits } from "../network/address-plan";
import { connectSubnetMaxPrefix, managedKafkaLocations, topicIdRule } from "./gcp-limits";
import { deadLetterTopic } from "./topics";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

// What Managed Service for Apache Kafka cannot do with a stream config the other clouds accept.
// Google documents no partition or retention limit beyond Kafka's own (which the stream section
// checks), so none is checked here.

export const gcpStreamRules: CloudRule[] = [
    (s, ns) => {
        // Both regions host a cluster when the streams are copied; the primary always does.
        const used: [string, string][] = [["region", s.region], ...(s.stream.replicateToBackupRegion ? [["backupRegion", s.backupRegion] as [string, string]] : [])];
        for (const [key, region] of used) {
            if (!managedKafkaLocations.includes(region)) {
                throw new ConfigError(
                    `${ns}:${key}`,
                    region,
                    `a region with Managed Service for Apache Kafka on gcp${key === "backupRegion" ? " (stream.replicateToBackupRegion keeps a copy there)" : " (the event streams live there)"}: ${managedKafkaLocations.join(", ")}`,
                );
            }
        }
    },
    (s, ns) => {
        // Topic ids: https://cloud.google.com/managed-service-for-apache-kafka/docs/guidelines-resource
        s.stream.topics.forEach((topic, i) => {
            const problems = [
                ...(topic.name.length < topicIdRule.minLength ? [`at least ${topicIdRule.minLength} characters`] : []),
                ...(!topicIdRule.startsWithLetter.test(topic.name) ? ["starting with a letter"] : []),
                ...(topic.name.toLowerCase().startsWith(topicIdRule.reservedPrefix) ? [`not starting with "${topicIdRule.reservedPrefix}"`] : []),
            ];
            if (problems.length) {
                throw new ConfigError(
                    `${ns}:stream.topics[${i}].name`,
                    topic.name,
                    `a name ${problems.join(", ")} on gcp (Managed Kafka's rule for topic ids; ${deadLetterTopic(topic.name)} follows it)`,
                );
            }
        });
    },
    (s, ns) => {
        // The archive's and MirrorMaker's Connect workers take their interface from a private block
        // of the plan (the node subnet; the backup region's subnet), which Managed Kafka Connect wants
        // a /22 or larger.
        // https://cloud.google.com/managed-service-for-apache-kafka/docs/reference/rest/v1/projects.locations.connectClusters#ConnectNetworkConfig
        const { archiveToLake, replicateToBackupRegion } = s.stream;
        const blockPrefix = prefixOf(s.network.cidr) + privateBlockBits;
        if ((archiveToLake || replicateToBackupRegion) && blockPrefix > connectSubnetMaxPrefix) {
            const widest = connectSubnetMaxPrefix - privateBlockBits;
            throw new ConfigError(
                `${ns}:network.cidr`,
                s.network.cidr,
                `/${widest} or wider on gcp while stream.${archiveToLake ? "archiveToLake" : "replicateToBackupRegion"} is on: Managed Kafka Connect workers need a /${connectSubnetMaxPrefix} subnet, and the platform's private subnets are an eighth of the network (a /${blockPrefix} here)`,
            );
        }
    },
];
