import { PolicyResource } from "@pulumi/policy";
import { awsKeys, customerKeyIn } from "./keys";
import { featureStoreBackupRetentionCaps } from "./platform-conventions";
import { asArray, regionName } from "./values";
import { FeatureStoreAdapter, FeatureStoreView, ReplicationEdge } from "./views";

// ElastiCache (Valkey / Redis OSS) replication groups as the feature-store views see them. Users,
// user groups, keys and Global Datastores are followed through the dependencies Pulumi records; only
// inputs the program sets are read (ElastiCache computes most of the rest, unknown in a preview).

const t = {
    group: "aws:elasticache/replicationGroup:ReplicationGroup",
    global: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    userGroup: "aws:elasticache/userGroup:UserGroup",
    user: "aws:elasticache/user:User",
};

/** ElastiCache serves TLS 1.2 and later. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html */
const elastiCacheTlsVersion = "1.2";

export const awsFeatureStore: FeatureStoreAdapter = {
    cloud: "aws",
    featureStores: (index) => index.ofType(t.group).map(groupView),
    replicationEdges: (index) => index.ofType(t.group).flatMap((secondary) => globalEdges(secondary)),
    dataBearingTypes: [t.group],
    backupPlans: {
        [t.group]: (props) => [{ name: "automatic snapshots (snapshotRetentionLimit)", retentionDays: Number(props.snapshotRetentionLimit ?? 0), maxRetentionDays: featureStoreBackupRetentionCaps.elastiCache }],
    },
};

/** The Global Datastore a secondary joins, through its `globalReplicationGroupId`. */
function globalOf(r: PolicyResource): PolicyResource | undefined {
    return (r.propertyDependencies.globalReplicationGroupId ?? []).find((d) => d.type === t.global);
}

/** A Global Datastore copies its primary into each secondary, always in another region. */
function globalEdges(secondary: PolicyResource): ReplicationEdge[] {
    const global = globalOf(secondary);
    const primary = global && (global.propertyDependencies.primaryReplicationGroupId ?? []).find((d) => d.type === t.group);
    return global && primary ? [{ via: global, source: primary, target: secondary }] : [];
}

function groupView(r: PolicyResource): FeatureStoreView {
    const p = r.props;
    const secondary = globalOf(r) !== undefined;
    return {
        cloud: "aws",
        resource: r,
        kind: "ElastiCache replication group",
        encryptionKey: () => (p.atRestEncryptionEnabled === false ? undefined : customerKeyIn(r, "kmsKeyId", awsKeys, () => p.kmsKeyId)),
        region: () => regionName(r.provider?.props.region),
        // `preferred` accepts plaintext beside TLS; only `required` (or TLS without a mode, which is required) refuses it.
        transport: () => ({ tlsOnly: p.transitEncryptionEnabled === true && p.transitEncryptionMode !== "preferred", minTlsVersion: elastiCacheTlsVersion }),
        unauthenticatedAccess: () => unauthenticated(r),
        // ElastiCache nodes have no public endpoint: they live in the VPC's subnets only.
        publicNetworkAccess: () => false,
        zoneReplicas: () => {
            // A secondary's shard layout is the Global Datastore's: it has the primary's shape.
            const shape = secondary ? globalEdges(r)[0]?.source : r;
            return shape ? zoneReplicas(r.props, shape.props) : 0;
        },
        // Daily snapshots restore the data after a loss of every node; durability (a transaction log) is not read, as
        // the provider computes it when left out.
        persistence: () => (Number(p.snapshotRetentionLimit ?? 0) > 0 ? "rdb" : "none"),
        // A secondary takes its engine from the Global Datastore.
        engineVersion: () => (secondary ? "managed" : p.engine === "valkey" || p.engine === "redis" ? { engine: p.engine, version: String(p.engineVersion ?? "") } : undefined),
    };
}

/**
 * Replicas per shard that fail over automatically across zones: Multi-AZ with automatic failover on
 * (`failover`, the store's own), the count from the shape (its own, or a secondary's primary): replicas
 * per node group in cluster mode, else the cache clusters beyond the primary.
 */
function zoneReplicas(failover: Record<string, any>, shape: Record<string, any>): number {
    if (failover.automaticFailoverEnabled !== true || failover.multiAzEnabled !== true) {
        return 0;
    }
    return shape.clusterMode === "enabled" ? Number(shape.replicasPerNodeGroup ?? 0) : Math.max(0, Number(shape.numCacheClusters ?? 1) - 1);
}

/**
 * Ways in without a password or IAM: no user group and no AUTH token, or a user group whose `default`
 * user (which every connection starts as) is on without a password.
 */
function unauthenticated(r: PolicyResource): string[] {
    const groups = (r.propertyDependencies.userGroupIds ?? []).filter((d) => d.type === t.userGroup);
    if (groups.length === 0) {
        if (asArray(r.props.userGroupIds).length === 0 && !r.props.authToken) {
            return ["no RBAC user group (userGroupIds) and no AUTH token: every connection is the default user, without a password"];
        }
        return [];
    }
    const users = groups.flatMap((g) => (g.propertyDependencies.userIds ?? []).filter((d) => d.type === t.user));
    return users
        .filter((u) => u.props.userName === "default" && /^on\b/.test(String(u.props.accessString ?? "")) && passwordless(u.props))
        .map((u) => `the default user ${u.props.userId} is on without a password`);
}

function passwordless(props: Record<string, any>): boolean {
    return props.noPasswordRequired === true || props.authenticationMode?.type === "no-password-required";
}
