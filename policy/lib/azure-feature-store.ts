import { PolicyResource } from "@pulumi/policy";
import { azureKeys, customerKeyIn } from "./keys";
import { ResourceIndex } from "./resource-index";
import { regionName } from "./values";
import { FeatureStoreAdapter, FeatureStoreView, ReplicationEdge } from "./views";

// Azure Managed Redis (redisenterprise) as the feature-store views see it: a cluster and the databases
// built on it (their `clusterName` comes from it). Geo-replication links a database to the databases
// it names in geoReplication.linkedDatabases, followed through the dependency.

const t = { cluster: "azure-native:redisenterprise:RedisEnterprise", database: "azure-native:redisenterprise:Database" };

export const azureFeatureStore: FeatureStoreAdapter = {
    cloud: "azure",
    featureStores: (index) => index.ofType(t.cluster).map((c) => clusterView(index, c)),
    replicationEdges: (index) => index.ofType(t.database).flatMap((db) => geoEdges(db)),
    dataBearingTypes: [t.cluster, t.database],
    // Azure Managed Redis has no scheduled backups of its own: the platform's daily export is the backup.
    backupPlans: {},
};

function clusterOf(database: PolicyResource): PolicyResource | undefined {
    return (database.propertyDependencies.clusterName ?? []).find((d) => d.type === t.cluster);
}

/** A database that joined a geo-replication group copies (and is copied by) the databases it links. */
function geoEdges(db: PolicyResource): ReplicationEdge[] {
    const joined = (db.propertyDependencies.geoReplication ?? []).filter((d) => d.type === t.database);
    const target = clusterOf(db);
    return joined.flatMap((other) => {
        const source = clusterOf(other);
        return source && target && source !== target ? [{ via: db, source, target }] : [];
    });
}

function clusterView(index: ResourceIndex, r: PolicyResource): FeatureStoreView {
    const p = r.props;
    const databases = () => index.dependentsOf(r, t.database, "clusterName");
    return {
        cloud: "azure",
        resource: r,
        kind: "Azure Managed Redis cluster",
        encryptionKey: () => customerKeyIn(r, "encryption", azureKeys, () => p.encryption?.customerManagedKeyEncryption?.keyEncryptionKeyUrl),
        region: () => regionName(p.location),
        // The database's protocol decides plaintext; the cluster's minimum TLS version (1.2 when unset) the rest.
        transport: () => ({ tlsOnly: databases().every((d) => d.props.clientProtocol !== "Plaintext"), minTlsVersion: String(p.minimumTlsVersion ?? "1.2") }),
        // Access keys (on by default) let anyone holding a key in without Microsoft Entra ID.
        unauthenticatedAccess: () =>
            databases()
                .filter((d) => d.props.accessKeysAuthentication !== "Disabled")
                .map((d) => `database ${d.name} accepts access keys (accessKeysAuthentication is not Disabled)`),
        publicNetworkAccess: () => p.publicNetworkAccess !== "Disabled",
        // High availability keeps one replica of every shard; across zones only when the cluster lists several.
        zoneReplicas: () => (p.highAvailability !== "Disabled" && Array.isArray(p.zones) && p.zones.length > 1 ? 1 : 0),
        persistence: () => {
            const all = databases().map((d) => d.props.persistence);
            return all.some((x) => x?.aofEnabled === true) ? "aof" : all.some((x) => x?.rdbEnabled === true) ? "rdb" : "none";
        },
        // The service picks the Redis version and upgrades it (deferUpgrade only delays that).
        engineVersion: () => "managed",
    };
}
