import { PolicyResource } from "@pulumi/policy";
import { awsKeys, customerKeyIn } from "./keys";
import { asArray, regionName } from "./values";
import { ReplicationEdge, StreamAdapter, StreamView, TopicView, Transport } from "./views";

// Amazon MSK as the pack sees it. Everything is read from inputs known during a preview: keys and
// configurations through the dependencies Pulumi records (their ARNs are unknown until deployed),
// regions from the resource (the platform states them: left out, region is a computed output, which
// the offline preview holds unknown), settings from literal inputs. So the answer is the same offline
// and in a real preview.

const t = {
    cluster: "aws:msk/cluster:Cluster",
    configuration: "aws:msk/configuration:Configuration",
    topic: "aws:msk/topic:Topic",
    replicator: "aws:msk/replicator:Replicator",
};

/**
 * Broker defaults where neither the topic nor the cluster configuration says otherwise: Kafka keeps
 * messages 168 hours. https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html
 */
const defaultRetentionHours = 168;

/** MSK serves TLS 1.2 on its TLS listeners. https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html */
const mskTlsVersion = "1.2";

export const awsStream: StreamAdapter = {
    cloud: "aws",
    streams: (index) => index.ofType(t.cluster).map(clusterView),
    topics: (index) => index.ofType(t.topic).map(topicView),
    replicationEdges: (index) => index.ofType(t.replicator).flatMap(replicatorEdges),
    // Deleting a cluster or a topic deletes its messages.
    dataBearingTypes: [t.cluster, t.topic],
};

function clusterView(r: PolicyResource): StreamView {
    const p = r.props;
    return {
        cloud: "aws",
        resource: r,
        kind: "Kafka cluster",
        // No key given: MSK encrypts with the AWS managed aws/kafka key.
        encryptionKey: () => customerKeyIn(r, "encryptionInfo", awsKeys, () => p.encryptionInfo?.encryptionAtRestKmsKeyArn),
        region: () => regionOf(r),
        transport: () => clusterTransport(p),
        publicNetworkAccess: () => p.brokerNodeGroupInfo?.connectivityInfo?.publicAccess?.type === "SERVICE_PROVIDED_EIPS",
        nonIdentityAuth: () => nonIdentityAuth(p),
        defaultReplicationFactor: () => numberProperty(serverProperties(r), "default.replication.factor"),
        minInSyncReplicas: () => numberProperty(serverProperties(r), "min.insync.replicas"),
    };
}

/** `clientBroker` defaults to TLS and `inCluster` to true (aws.msk.Cluster's documented defaults). */
function clusterTransport(p: Record<string, any>): Transport {
    const inTransit = p.encryptionInfo?.encryptionInTransit;
    const clientBroker = inTransit?.clientBroker ?? "TLS";
    const inCluster = inTransit?.inCluster ?? true;
    return { tlsOnly: clientBroker === "TLS" && inCluster !== false, minTlsVersion: mskTlsVersion };
}

/**
 * Ways in that are not IAM: SASL/SCRAM passwords, client certificates, or nothing at all. A cluster
 * that names no authentication at all admits unauthenticated clients. The multi-VPC (PrivateLink)
 * connectivity is not read: MSK turns its schemes on only among those the cluster itself has
 * (https://docs.aws.amazon.com/msk/latest/developerguide/mvpc-cross-account-permissions.html), which
 * are listed already, and the provider computes it when unset (unknown during a first preview,
 * where reading it would stop the policy for every cluster).
 */
function nonIdentityAuth(p: Record<string, any>): string[] {
    const ways: string[] = [];
    const auth = p.clientAuthentication;
    const certificates = asArray(auth?.tls?.certificateAuthorityArns).length > 0;
    if (auth?.unauthenticated === true) {
        ways.push("unauthenticated");
    } else if (auth?.sasl?.iam !== true && auth?.sasl?.scram !== true && !certificates) {
        ways.push("unauthenticated (no client authentication configured)");
    }
    if (auth?.sasl?.scram === true) {
        ways.push("SASL/SCRAM passwords");
    }
    if (certificates) {
        ways.push("TLS client certificates");
    }
    return ways;
}

/** The server.properties of the cluster's configuration, found through the dependency (its ARN is unknown during a preview). */
function serverProperties(cluster: PolicyResource): Map<string, string> {
    const configurations = (cluster.propertyDependencies.configurationInfo ?? []).filter((d) => d.type === t.configuration);
    const out = new Map<string, string>();
    for (const c of configurations) {
        for (const line of String(c.props.serverProperties ?? "").split(/\r?\n/)) {
            const text = line.trim();
            if (!text || text.startsWith("#") || text.startsWith("!")) {
                continue;
            }
            const at = text.search(/[=:]/);
            if (at > 0) {
                out.set(text.slice(0, at).trim(), text.slice(at + 1).trim());
            }
        }
    }
    return out;
}

function numberProperty(props: Map<string, string>, key: string): number | undefined {
    const value = props.get(key);
    const n = value === undefined ? NaN : Number(value);
    return Number.isFinite(n) ? n : undefined;
}

function topicView(r: PolicyResource): TopicView {
    const p = r.props;
    const stream = () => (r.propertyDependencies.clusterArn ?? []).find((d) => d.type === t.cluster);
    return {
        cloud: "aws",
        resource: r,
        name: () => String(p.name),
        retentionHours: () => {
            const own = retentionHours(parseConfigs(p.configs));
            if (own !== undefined) {
                return own;
            }
            const cluster = stream();
            const broker = cluster ? serverProperties(cluster) : new Map<string, string>();
            return retentionHours(Object.fromEntries(broker)) ?? defaultRetentionHours;
        },
        replicationFactor: () => (typeof p.replicationFactor === "number" ? p.replicationFactor : undefined),
        stream,
    };
}

function parseConfigs(value: unknown): Record<string, unknown> {
    if (typeof value !== "string") {
        return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    }
    try {
        const parsed = JSON.parse(value);
        return parsed && typeof parsed === "object" ? parsed : {};
    } catch {
        return {};
    }
}

/**
 * Hours from Kafka's retention keys (topic `retention.ms`, broker `log.retention.ms|minutes|hours`,
 * the first one set wins, as in Kafka); -1 keeps messages forever.
 */
function retentionHours(configs: Record<string, unknown>): number | undefined {
    const keys: [string, number][] = [
        ["retention.ms", 3_600_000],
        ["log.retention.ms", 3_600_000],
        ["log.retention.minutes", 60],
        ["log.retention.hours", 1],
    ];
    for (const [key, perHour] of keys) {
        const value = configs[key];
        if (value === undefined || value === null || value === "") {
            continue;
        }
        const n = Number(value);
        if (!Number.isFinite(n)) {
            continue;
        }
        return n < 0 ? Infinity : n / perHour;
    }
    return undefined;
}

/**
 * A Replicator copies from its source to its target; both cluster ARNs sit in replicationInfoList and
 * are unknown during a preview, so the two are told apart by region: AWS creates a Replicator in its
 * target cluster's region (https://docs.aws.amazon.com/msk/latest/developerguide/msk-replicator-cross-region.html).
 * When that does not tell them apart (both in one region), no edge is claimed.
 */
function replicatorEdges(via: PolicyResource): ReplicationEdge[] {
    const clusters = unique((via.propertyDependencies.replicationInfoList ?? []).filter((d) => d.type === t.cluster));
    const here = regionOf(via);
    const targets = clusters.filter((c) => regionOf(c) === here);
    const sources = clusters.filter((c) => regionOf(c) !== here);
    if (targets.length !== 1 || sources.length === 0) {
        return [];
    }
    return sources.map((source) => ({ via, source, target: targets[0] }));
}

function regionOf(r: PolicyResource): string | undefined {
    return regionName(r.props.region ?? r.provider?.props.region);
}

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}
