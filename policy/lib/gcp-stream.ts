import { PolicyResource } from "@pulumi/policy";
import { gcpKafkaBootstrapAddress as kafkaBootstrapAddress, gcpServiceDefaultReplicationFactor as serviceDefaultReplicationFactor, mirrorSourceConnectorClass, retentionHoursOf } from "./platform-conventions";
import { customerKeyIn, gcpKeys } from "./keys";
import { ResourceIndex } from "./resource-index";
import { asArray, regionName } from "./values";
import { ReplicationEdge, StreamAdapter, StreamView, TopicView } from "./views";
import { retainedByDeletionPolicy } from "./gcp-deletion-policy";

// Google Cloud Managed Service for Apache Kafka, as the stream views see it. Every link (topic to
// cluster, connector to Connect cluster to Kafka cluster, cluster to key) is followed through the
// dependencies Pulumi records, which a real preview sends as well; ids are never read, as a preview
// does not know them. Literal names are the fallback for resources not built from each other.

const t = {
    cluster: "gcp:managedkafka/cluster:Cluster",
    topic: "gcp:managedkafka/topic:Topic",
    connectCluster: "gcp:managedkafka/connectCluster:ConnectCluster",
    connector: "gcp:managedkafka/connector:Connector",
};

export const gcpStream: StreamAdapter = {
    cloud: "gcp",
    streams: (index) => index.ofType(t.cluster).map((cluster) => clusterView(index, cluster)),
    topics: (index) => index.ofType(t.topic).map((topic) => topicView(index, topic)),
    replicationEdges: (index) => index.ofType(t.connector).flatMap((via) => mirrorEdges(index, via)),
    // Deleting a cluster or a topic deletes its messages.
    dataBearingTypes: [t.cluster, t.topic],
    retainedByInputs: (_type, props) => retainedByDeletionPolicy(props),
};

function clusterView(index: ResourceIndex, cluster: PolicyResource): StreamView {
    const props = cluster.props;
    return {
        cloud: "gcp",
        resource: cluster,
        kind: "Kafka cluster",
        encryptionKey: () => customerKeyIn(cluster, "gcpConfig", gcpKeys, () => props.gcpConfig?.kmsKey),
        region: () => regionName(props.location),
        // The service has no plaintext listener and no setting for one: "Managed Service for Apache
        // Kafka clusters support only TLS connections; plaintext communication is not supported",
        // with certificates Google manages. https://cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka
        transport: () => "enforced-by-cloud",
        // A cluster is reachable through the Private Service Connect endpoints of the subnets it
        // lists, and from the internet only with a public cluster config
        // (gcpConfig.accessConfig.publicClusterConfig, allowedSourceIpRanges; not in @pulumi/gcp
        // 9.37, in the Google provider since https://github.com/GoogleCloudPlatform/magic-modules/pull/18816).
        publicNetworkAccess: () => {
            const access = props.gcpConfig?.accessConfig;
            return access?.publicClusterConfig !== undefined && access?.publicClusterConfig !== null;
        },
        // SASL (OAUTHBEARER or PLAIN) always authenticates a Google principal; unauthenticated
        // connections are refused. mTLS, once CA pools are trusted, admits whoever holds a
        // certificate from them, outside Cloud IAM. tlsConfig is computed when the program leaves it
        // out, so the CLI cannot judge such a cluster during a preview.
        // https://cloud.google.com/managed-service-for-apache-kafka/docs/authentication-kafka
        nonIdentityAuth: () =>
            asArray(props.tlsConfig?.trustConfig?.casConfigs).length > 0 ? ["mTLS client certificates from trusted CA pools (tlsConfig.trustConfig)"] : [],
        // The provider sets no broker default; topics created without a replication factor get
        // the service's 3 (https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size).
        defaultReplicationFactor: () => serviceDefaultReplicationFactor,
        // No cluster-wide setting either: every topic of the cluster must set it, and the stream is
        // as durable as its weakest topic. A topic without it (or a cluster without topics) leaves
        // the broker default, reported as unknown.
        minInSyncReplicas: () => {
            const values = topicsOf(index, cluster).map((topic) => Number(topic.props.configs?.["min.insync.replicas"]));
            return values.length && values.every(Number.isFinite) ? Math.min(...values) : undefined;
        },
    };
}

function topicView(index: ResourceIndex, topic: PolicyResource): TopicView {
    const props = topic.props;
    return {
        cloud: "gcp",
        resource: topic,
        name: () => String(props.topicId),
        retentionHours: () => retentionHoursOf(props.configs?.["retention.ms"]),
        replicationFactor: () => (typeof props.replicationFactor === "number" ? props.replicationFactor : undefined),
        stream: () => clusterOf(index, topic),
    };
}

/** The cluster a topic is in: the one its `cluster` input is built from, else the one of that id and location. */
function clusterOf(index: ResourceIndex, topic: PolicyResource): PolicyResource | undefined {
    const linked = (topic.propertyDependencies.cluster ?? []).find((d) => d.type === t.cluster);
    if (linked) {
        return linked;
    }
    const id = topic.props.cluster;
    return index.ofType(t.cluster).find((c) => typeof id === "string" && (c.props.clusterId === id || id.endsWith(`/clusters/${c.props.clusterId}`)) && c.props.location === topic.props.location);
}

function topicsOf(index: ResourceIndex, cluster: PolicyResource): PolicyResource[] {
    return index.ofType(t.topic).filter((topic) => clusterOf(index, topic) === cluster);
}

/**
 * A MirrorMaker 2 source connector copies from the cluster its `source.cluster.bootstrap.servers`
 * names to the cluster its Connect cluster is attached to (in Managed Kafka the attached cluster
 * must be the target: https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-mirrormaker-connector).
 */
function mirrorEdges(index: ResourceIndex, via: PolicyResource): ReplicationEdge[] {
    const configs = via.props.configs;
    if (!configs || configs["connector.class"] !== mirrorSourceConnectorClass) {
        return [];
    }
    const connect = (via.propertyDependencies.connectCluster ?? []).find((d) => d.type === t.connectCluster);
    const target = connect ? (connect.propertyDependencies.kafkaCluster ?? []).find((d) => d.type === t.cluster) : undefined;
    const linked = (via.propertyDependencies.configs ?? []).filter((d) => d.type === t.cluster && d !== target);
    const source = linked.length === 1 ? linked[0] : byBootstrap(linked.length ? linked : index.ofType(t.cluster), configs["source.cluster.bootstrap.servers"]);
    const targetCluster = target ?? byBootstrap(index.ofType(t.cluster), configs["target.cluster.bootstrap.servers"]);
    return source && targetCluster && source !== targetCluster ? [{ via, source, target: targetCluster }] : [];
}

/** The cluster whose (documented) bootstrap address is among `servers`. */
function byBootstrap(candidates: PolicyResource[], servers: unknown): PolicyResource | undefined {
    if (typeof servers !== "string") {
        return undefined;
    }
    const listed = servers.split(",").map((s) => s.trim());
    return candidates.find((c) => {
        const { clusterId, location, project } = c.props;
        return typeof clusterId === "string" && typeof location === "string" && typeof project === "string" && listed.includes(kafkaBootstrapAddress(clusterId, location, project));
    });
}
