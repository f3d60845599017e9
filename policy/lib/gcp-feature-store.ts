import { PolicyResource } from "@pulumi/policy";
import { retainedByDeletionPolicy } from "./gcp-deletion-policy";
import { customerKeyIn, gcpKeys } from "./keys";
import { featureStoreBackupRetentionCaps } from "./platform-conventions";
import { durationDays, regionName } from "./values";
import { FeatureStoreAdapter, FeatureStoreView, ReplicationEdge } from "./views";

// Memorystore for Valkey instances as the feature-store views see them. A secondary names its primary
// in crossInstanceReplicationConfig, read through the dependency (the primary's own copy of that
// setting is computed by the service, unknown in a preview).

const t = { instance: "gcp:memorystore/instance:Instance" };

export const gcpFeatureStore: FeatureStoreAdapter = {
    cloud: "gcp",
    featureStores: (index) => index.ofType(t.instance).map(instanceView),
    replicationEdges: (index) => index.ofType(t.instance).flatMap(secondaryEdges),
    dataBearingTypes: [t.instance],
    retainedByInputs: (_type, props) => retainedByDeletionPolicy(props),
    backupPlans: {
        [t.instance]: (props) => [{ name: "automated backups (automatedBackupConfig.retention)", retentionDays: durationDays(props.automatedBackupConfig?.retention) ?? 0, maxRetentionDays: featureStoreBackupRetentionCaps.memorystore }],
    },
};

function secondaryEdges(secondary: PolicyResource): ReplicationEdge[] {
    const primary = (secondary.propertyDependencies.crossInstanceReplicationConfig ?? []).find((d) => d.type === t.instance);
    return primary ? [{ via: secondary, source: primary, target: secondary }] : [];
}

function instanceView(r: PolicyResource): FeatureStoreView {
    const p = r.props;
    return {
        cloud: "gcp",
        resource: r,
        kind: "Memorystore for Valkey instance",
        encryptionKey: () => customerKeyIn(r, "kmsKey", gcpKeys, () => p.kmsKey),
        region: () => regionName(p.location),
        // SERVER_AUTHENTICATION is TLS only; Memorystore serves TLS 1.2 and later.
        // https://cloud.google.com/memorystore/docs/valkey/about-in-transit-encryption
        transport: () => ({ tlsOnly: p.transitEncryptionMode === "SERVER_AUTHENTICATION", minTlsVersion: "1.2" }),
        unauthenticatedAccess: () => (p.authorizationMode === "IAM_AUTH" ? [] : [`authorizationMode ${p.authorizationMode ?? "AUTH_DISABLED"} admits any client of the network`]),
        // Instances are reached through Private Service Connect endpoints in VPC networks only.
        publicNetworkAccess: () => false,
        zoneReplicas: () => (p.zoneDistributionConfig?.mode === "SINGLE_ZONE" ? 0 : Number(p.replicaCount ?? 0)),
        persistence: () => {
            const mode = p.persistenceConfig?.mode;
            return mode === "AOF" ? "aof" : mode === "RDB" ? "rdb" : "none";
        },
        engineVersion: () => {
            const m = /^VALKEY_(\d+)_(\d+)$/.exec(String(p.engineVersion ?? ""));
            return m ? { engine: "valkey", version: `${m[1]}.${m[2]}` } : undefined;
        },
    };
}
