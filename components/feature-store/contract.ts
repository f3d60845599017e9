// The feature store's contract: its settings, the outputs every cloud gives, and what a cloud's
// implementation provides. Imports no cloud SDK and no implementation, so the stack config, the
// component and each cloud's file can all depend on it without a cycle. The platform's other
// capabilities are named by type only (erased at run time) until they have contracts of their own.
import type * as pulumi from "@pulumi/pulumi";
import type { RegionalKeys } from "../keys/contract";
import type { ClusterRef as KubernetesCluster } from "../kubernetes/contract";
import type { LakeOutputs } from "../lake/contract";
import type { NetworkRef as Network } from "../network/contract";
import type { RegionalProviders } from "../providers/contract";
import type { Cloud, PlatformContext } from "../shared/context";
import type { StreamRecoveryPoint } from "../stream/contract";
import type { AccessGrant } from "../shared/grants";

/** aof: every write logged (about a second at risk); rdb: periodic snapshots; none: memory only. */
export const persistenceModes = ["aof", "rdb", "none"] as const;
export type Persistence = (typeof persistenceModes)[number];

/** Redis/Valkey `maxmemory-policy` values; https://valkey.io/topics/lru-cache/ */
export const evictionPolicies = [
    "noeviction",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
] as const;
export type EvictionPolicy = (typeof evictionPolicies)[number];

/** `ai-data-platform:featureStore`. */
export interface FeatureStoreSettings {
    /** Usable memory of one copy of the data, GB; mapped to the smallest node type / SKU that holds it. */
    readonly memoryGb: number;
    /** More than 1 = cluster mode, the data split over this many shards. */
    readonly shards: number;
    /** Replicas of each shard in other zones, promoted automatically when the primary fails. */
    readonly replicasPerShard: number;
    readonly persistence: Persistence;
    /** A copy in the backup region, promoted by hand when the primary region is lost. */
    readonly crossRegion: boolean;
    readonly evictionPolicy: EvictionPolicy;
}

/** How a client proves who it is: a cloud IAM token, a Microsoft Entra ID token, or a password (token). */
export type FeatureStoreAuth = "iam" | "entra" | "token";

/** Read or read-write on the store's keys, for a workload identity. */
export type FeatureStoreAccess = "read" | "read-write";

/**
 * How far the copy in the backup region may trail the primary, as for the streams' copy: minutes where
 * the cloud or the platform states a bound, else the lag metric to alert on (no cloud states an RPO for
 * its Redis cross-region copy).
 */
export type FeatureStoreRecoveryPoint = StreamRecoveryPoint;

/** The `online_store` block of Feast's feature_store.yaml, where Feast can authenticate the way the store requires. */
export interface FeastOnlineStore {
    /** YAML to paste under `online_store:`; absent where Feast's Redis store cannot use the store's auth. */
    readonly yaml?: string;
    /** Why there is no block, or what the block expects from its environment (a password variable). */
    readonly note: string;
}

/** Where the daily export of the store's backup lands in the lake, or why there is none. */
export interface FeatureStoreExport {
    readonly destination?: string;
    readonly schedule?: string;
    readonly note: string;
}

/** What a client and an operator need, with the same names on every cloud. */
export interface FeatureStoreOutputs {
    readonly host: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    /** Always true: every cloud's store accepts TLS only. */
    readonly tls: true;
    readonly auth: FeatureStoreAuth;
    /** Where the credential lives or how it is obtained; never a secret itself. */
    readonly credential: pulumi.Output<string>;
    /**
     * Whether a client must speak the Redis Cluster protocol (follow the slot map and MOVED redirections,
     * e.g. redis-py's `RedisCluster`): ElastiCache with cluster mode on, Memorystore in CLUSTER mode. A
     * plain client on such a store fails on every key another shard holds.
     */
    readonly clusterMode: boolean;
    /** The copy in the backup region, where one is kept. */
    readonly replicaHost: pulumi.Output<string | undefined>;
    /**
     * PEM of the CA that signs the store's server certificate where it is private (Memorystore's managed
     * server CA on GCP), for clients to verify it; absent where the system trust store does (AWS, Azure).
     */
    readonly caCertificates: pulumi.Output<string | undefined>;
    /** The copy's recovery point, where one is kept (as the streams' `replicaRecoveryPoint`). */
    readonly recoveryPoint: FeatureStoreRecoveryPoint | undefined;
    readonly feast: pulumi.Output<FeastOnlineStore>;
    readonly backupExport: pulumi.Output<FeatureStoreExport>;
}

export interface FeatureStoreArgs {
    readonly ctx: PlatformContext;
    readonly providers: RegionalProviders;
    readonly keys: RegionalKeys;
    readonly network: Network;
    /** Where the daily export of the backups lands (under `feature-store/`). */
    readonly lake: pulumi.Resource & LakeOutputs;
    /** Runs the export CronJob in the platform namespace, as a workload identity. */
    readonly cluster: KubernetesCluster;
    readonly settings: FeatureStoreSettings;
    /** `backup.retentionDays`: how long the service keeps its own backups, where it keeps them. */
    readonly backupRetentionDays: number;
}

/** A cloud's store, with the grant only it knows how to make (`tls` is the component's own: always true). */
export interface CloudFeatureStore extends Omit<FeatureStoreOutputs, "tls"> {
    grant(access: FeatureStoreAccess): AccessGrant;
}

/** What a cloud provides for the feature store. */
export interface FeatureStoreImplementation {
    readonly cloud: Cloud;
    create(self: pulumi.ComponentResource, args: FeatureStoreArgs): CloudFeatureStore;
}

/** Where exports land inside the lake. */
export const lakeExportPrefix = "feature-store";

/** The platform's Kubernetes CronJob schedule for the daily export (UTC, after the services' nightly backups). */
export const exportSchedule = "30 4 * * *";

/** The port Valkey and Redis listen on, where the cloud does not choose another. */
export const defaultPort = 6379;
