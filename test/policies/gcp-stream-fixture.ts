import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";

// Small Managed Kafka setups for the stream policies: clusters, topics and a MirrorMaker connector
// declared with the real SDK classes, compliant unless a test overrides one setting, so only that
// setting can make a policy speak. Keys are created in the program: their ids are unknown during
// the preview, as in a real one, so the adapter must find them through dependencies.

export const project = "fixture-project";
export const region = "us-central1";
export const backupRegion = "us-east1";

export function provider(name = "fixture", location = region): gcp.Provider {
    return new gcp.Provider(name, { project, region: location });
}

export function cryptoKey(name: string, p: gcp.Provider, location = region): gcp.kms.CryptoKey {
    const ring = new gcp.kms.KeyRing(name, { name: `${name}-ring`, location }, { provider: p });
    return new gcp.kms.CryptoKey(name, { name, keyRing: ring.id, rotationPeriod: `${365 * 86400}s`, deletionPolicy: "ABANDON" }, { provider: p });
}

export type ClusterOverrides = Partial<gcp.managedkafka.ClusterArgs>;

/** A private, CMEK, abandoned-on-delete cluster in `location`, trusting no client certificates (stated, as the platform does). */
export function kafkaCluster(name: string, p: gcp.Provider, key: pulumi.Input<string> | undefined, location = region, overrides: ClusterOverrides = {}): gcp.managedkafka.Cluster {
    return new gcp.managedkafka.Cluster(
        name,
        {
            project,
            location,
            clusterId: name,
            capacityConfig: { vcpuCount: "3", memoryBytes: String(3 * 1024 ** 3) },
            gcpConfig: {
                accessConfig: { networkConfigs: [{ subnet: `projects/${project}/regions/${location}/subnetworks/psc` }] },
                ...(key ? { kmsKey: key } : {}),
            },
            // Computed when left out: a preview could not tell whether mTLS is on.
            tlsConfig: { trustConfig: {} },
            deletionPolicy: "ABANDON",
            ...overrides,
        },
        { provider: p },
    );
}

export interface TopicOptions {
    readonly retentionHours?: number;
    readonly replicationFactor?: number;
    /** undefined leaves min.insync.replicas out. */
    readonly minInSyncReplicas?: number | null;
    readonly deletionPolicy?: string;
}

/** Topic `topicId` on `cluster`, named `<cluster>-<topicId>` in the program. */
export function topic(clusterName: string, topicId: string, p: gcp.Provider, cluster: gcp.managedkafka.Cluster, opts: TopicOptions = {}): gcp.managedkafka.Topic {
    const isr = opts.minInSyncReplicas === undefined ? 2 : opts.minInSyncReplicas;
    return new gcp.managedkafka.Topic(
        `${clusterName}-${topicId}`,
        {
            project,
            location: cluster.location,
            cluster: cluster.clusterId,
            topicId,
            partitionCount: 3,
            replicationFactor: opts.replicationFactor ?? 3,
            configs: {
                "retention.ms": String((opts.retentionHours ?? 168) * 3_600_000),
                "cleanup.policy": "delete",
                ...(isr === null ? {} : { "min.insync.replicas": String(isr) }),
            },
            deletionPolicy: opts.deletionPolicy ?? "ABANDON",
        },
        { provider: p },
    );
}

/** A topic `raw-events` and its `.dlq` (336 h) on `cluster`. */
export function topicPair(clusterName: string, p: gcp.Provider, cluster: gcp.managedkafka.Cluster, main: TopicOptions = {}, dlq: TopicOptions = {}): void {
    topic(clusterName, "raw-events", p, cluster, main);
    topic(clusterName, "raw-events.dlq", p, cluster, { retentionHours: 336, ...dlq });
}

export const bootstrap = (clusterId: string, location: string) => `bootstrap.${clusterId}.${location}.managedkafka.${project}.cloud.goog:9092`;

/**
 * A MirrorMaker 2 source connector on a Connect cluster attached to `target`, copying from
 * `source`. `literal` names both clusters by text only (no dependencies), as a program that does not
 * build one from the other would.
 */
export function mirror(p: gcp.Provider, source: gcp.managedkafka.Cluster, target: gcp.managedkafka.Cluster, targetLocation: string, literal = false): gcp.managedkafka.Connector {
    const connect = new gcp.managedkafka.ConnectCluster(
        "mirror",
        {
            project,
            location: targetLocation,
            connectClusterId: "mirror",
            kafkaCluster: literal ? `projects/${project}/locations/${targetLocation}/clusters/replica` : pulumi.interpolate`projects/${project}/locations/${targetLocation}/clusters/${target.clusterId}`,
            capacityConfig: { vcpuCount: "3", memoryBytes: String(3 * 1024 ** 3) },
            gcpConfig: { accessConfig: { networkConfigs: [{ primarySubnet: `projects/${project}/regions/${targetLocation}/subnetworks/workers` }] } },
        },
        { provider: p },
    );
    const configs = literal
        ? { sourceServers: pulumi.output(bootstrap("events", region)), targetServers: pulumi.output(bootstrap("replica", targetLocation)) }
        : {
              sourceServers: pulumi.all([source.clusterId, source.location]).apply(([id, l]) => bootstrap(id, l)),
              targetServers: pulumi.all([target.clusterId, target.location]).apply(([id, l]) => bootstrap(id, l)),
          };
    return new gcp.managedkafka.Connector(
        "mirror",
        {
            project,
            location: targetLocation,
            connectCluster: literal ? "mirror" : connect.connectClusterId,
            connectorId: "mirror",
            configs: pulumi.all([configs.sourceServers, configs.targetServers]).apply(([s, t]) => ({
                "connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector",
                "source.cluster.alias": "primary",
                "target.cluster.alias": "backup",
                "source.cluster.bootstrap.servers": s,
                "target.cluster.bootstrap.servers": t,
                topics: "raw-events,raw-events.dlq",
                "replication.policy.class": "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
            })),
        },
        { provider: p },
    );
}

export interface StreamFixture {
    /** Overrides of the primary cluster. */
    readonly cluster?: ClusterOverrides;
    /** Options of the primary topic and of its dead-letter topic; `false` leaves the dead-letter topic out. */
    readonly main?: TopicOptions;
    readonly dlq?: TopicOptions | false;
    /** Where the copy lives; `false` keeps no copy. */
    readonly replicaIn?: string | false;
    /** Name the clusters in the MirrorMaker connector by text only. */
    readonly literal?: boolean;
    /** No customer-managed key on the primary cluster. */
    readonly googleKey?: boolean;
}

/** A compliant stream (primary cluster in us-central1, copied to us-east1) unless `o` changes one thing. */
export function streamFixture(o: StreamFixture = {}) {
    return () => {
        const p = provider();
        const key = cryptoKey("primary", p);
        const events = kafkaCluster("events", p, o.googleKey ? undefined : key.id, region, o.cluster);
        topic("events", "raw-events", p, events, o.main);
        if (o.dlq !== false) {
            topic("events", "raw-events.dlq", p, events, { retentionHours: 336, ...(o.dlq ?? {}) });
        }
        const replicaIn = o.replicaIn === undefined ? backupRegion : o.replicaIn;
        if (replicaIn) {
            const b = provider("fixture-backup", replicaIn);
            const replica = kafkaCluster("replica", b, cryptoKey("backup", b, replicaIn).id, replicaIn);
            topicPair("replica", b, replica);
            mirror(b, events, replica, replicaIn, o.literal);
        }
    };
}
