import * as gcp from "../shared/sdk/gcp";
import { AccessGrant, principalOf, TopicAccess } from "../shared/grants";
import { deadLetterTopic } from "./topics";

/**
 * The role that lets a principal connect to a cluster over the Kafka protocol
 * (managedkafka.clusters.connect), for producers and consumers alike.
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka
 */
export const kafkaClientRole = "roles/managedkafka.client";

/**
 * Access to one topic and its dead-letter topic for a workload identity. Managed Service for Apache
 * Kafka has IAM at the project level only ("to manage access to specific topics or consumer groups,
 * you must use open source Apache Kafka ACLs"), and one role for Kafka clients, so the narrowest IAM
 * there is is roles/managedkafka.client on the project: it admits the identity to every cluster of
 * the project (the copy in the backup region included, which a failover needs), and produce and
 * consume alike. https://cloud.google.com/managed-kafka/docs/access-control
 *
 * Kafka ACLs could narrow it to the topic and the operation, but the provider's
 * gcp.managedkafka.Acl is authoritative for a whole resource pattern (`topic/<name>`): one
 * resource must list every principal of a topic, which a grant attached to one identity at a time
 * cannot do without removing the others'. See the report for the shared change that would allow it.
 */
export function topicGrant(args: { project: string; topic: string; access: TopicAccess }): AccessGrant {
    const { project, topic, access } = args;
    return {
        description: `${access} on Kafka topics ${topic} and ${deadLetterTopic(topic)} (${kafkaClientRole} on project ${project}: Managed Kafka has no per-topic IAM)`,
        attach: (principal, name, opts) => [
            new gcp.projects.IAMMember(name, { project, role: kafkaClientRole, member: principalOf(principal, "gcp").member }, opts),
        ],
    };
}
