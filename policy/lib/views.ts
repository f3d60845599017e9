import { PolicyResource } from "@pulumi/policy";
import { ResourceIndex } from "./resource-index";

// The concerns of the pack are the same on every cloud; how a cloud spells them is not. Each cloud
// adapter (aws.ts, gcp.ts, azure.ts) turns its resources into these views, and every rule checks
// views only. Accessors are functions so that a rule reads just what it needs: a value unknown
// during a preview then stops only the rules that actually depend on it.

export type CloudName = "aws" | "gcp" | "azure";

export interface Lifecycle {
    /** Days until objects move to an infrequent-access class, if any rule does that. */
    readonly coldAfterDays?: number;
    /** Days until objects move to an archive class, if any rule does that. */
    readonly archiveAfterDays?: number;
    /** Days until superseded versions are deleted. */
    readonly noncurrentExpiryDays?: number;
    /** Days until incomplete uploads are removed; "automatic" where the cloud always does it. */
    readonly abortIncompleteUploadDays?: number | "automatic";
}

export interface DefaultLock {
    readonly days: number;
    readonly mode: "governance" | "compliance";
}

/**
 * Transport rules, or "enforced-by-cloud" where the store has no transport setting of its own and the
 * cloud refuses plain HTTP (GCS: HTTPS only; its TLS floor is an organization policy, not the bucket's).
 */
export type Transport = { readonly tlsOnly: boolean; readonly minTlsVersion?: string } | "enforced-by-cloud";

/**
 * What a client connection (Kafka, Redis) accepts that it should not: plaintext, or TLS older than
 * `minTlsVersion`. Empty where the cloud enforces TLS itself.
 */
export function connectionTransportProblems(t: Transport, minTlsVersion: string): string[] {
    if (t === "enforced-by-cloud") {
        return [];
    }
    return [
        ...(!t.tlsOnly ? ["plaintext connections are accepted"] : []),
        ...(!t.minTlsVersion || Number(t.minTlsVersion) < Number(minTlsVersion) ? [`TLS older than ${minTlsVersion} is accepted`] : []),
    ];
}

/** Anything that holds data at rest and can be encrypted with a customer-managed key. */
export interface DataStoreView {
    readonly cloud: CloudName;
    readonly resource: PolicyResource;
    /** What kind of store, for messages: "bucket", "storage account", "backup vault". */
    readonly kind: string;
    /** The customer-managed key it is encrypted with by default; undefined when a cloud-managed key is used. */
    encryptionKey(): string | undefined;
    /**
     * For a store that could be opened to the public but is judged apart from the object stores (a
     * GCP backup bucket): the settings that let the public in, as ObjectStoreView has them.
     */
    publicAccessGaps?(): string[];
}

/** A bucket (AWS, GCP) or storage account (Azure) with the settings that protect it. */
export interface ObjectStoreView extends DataStoreView {
    /** Region (or location) in the cloud's own naming, lowercased; undefined when not stated. */
    region(): string | undefined;
    versioning(): boolean;
    /** Settings that let the public in, as short phrases; empty when public access is blocked. */
    publicAccessGaps(): string[];
    transport(): Transport;
    lifecycle(): Lifecycle;
    defaultLock(): DefaultLock | undefined;
}

/** Continuous replication from one object store to another. */
export interface ReplicationEdge {
    readonly via: PolicyResource;
    readonly source: PolicyResource;
    /** The store the copy lands in; the source itself where the cloud keeps the copy inside the store (Azure GRS). */
    readonly target: PolicyResource;
    /** Region of a copy the store keeps of itself (target is source), instead of the target's region. */
    targetRegion?(): string | undefined;
}

export interface KeyView {
    /** Automatic rotation period in days; undefined when rotation is off. */
    rotationDays(): number | undefined;
}

export interface BackupRuleView {
    readonly name: string;
    /** Days recovery points are kept; undefined means kept until deleted by hand. */
    readonly retentionDays: number | undefined;
    /** The longest retention the cloud allows for this kind of backup, when it caps it. */
    readonly maxRetentionDays?: number;
}

export interface CloudAdapter {
    readonly cloud: CloudName;
    objectStores(index: ResourceIndex): ObjectStoreView[];
    /** Stores other than object stores: backup vaults, key vaults, ... */
    otherDataStores(index: ResourceIndex): DataStoreView[];
    replicationEdges(index: ResourceIndex): ReplicationEdge[];
    /** Key types and how to read their rotation. */
    readonly keys: Readonly<Record<string, (props: Record<string, any>) => KeyView | undefined>>;
    /** Backup policy/plan types and how to read their retention. */
    readonly backupPlans: Readonly<Record<string, (props: Record<string, any>) => BackupRuleView[]>>;
    /** Types whose deletion destroys data. */
    readonly dataBearingTypes: readonly string[];
    /**
     * Whether the resource stays in the cloud when Pulumi deletes it, as far as its own inputs say
     * (GCP's `deletionPolicy: ABANDON`); undefined when the inputs cannot tell.
     */
    retainedByInputs?(type: string, props: Record<string, any>): boolean | undefined;
}

// ── Kubernetes ─────────────────────────────────────────────────────────────────────────────────────
// Adapters read the cloud's own cluster and node pool resources, never a remote component
// (eks:index:Cluster, ...): a stack policy gets such a component's registered outputs, not its
// inputs, and under the CLI the resources it creates arrive as resources of their own.

export interface ClusterView {
    readonly cloud: CloudName;
    readonly resource: PolicyResource;
    /** Client ranges a public API endpoint accepts; empty when the endpoint is private only. */
    publicApiCidrs(): string[];
    /** The customer-managed key Kubernetes secrets are encrypted with (envelope encryption), if any. */
    secretsEncryptionKey(): string | undefined;
    /** Whether the control plane's audit log is collected. */
    auditLogging(): boolean;
    /** Kubernetes minor version, `1.33`, when stated. */
    version(): string | undefined;
}

export interface NodePoolView {
    readonly cloud: CloudName;
    readonly resource: PolicyResource;
    /** Whether the pool's nodes carry GPUs. */
    gpu(): boolean;
    /** Taints as `key=value:Effect`. */
    taints(): string[];
    minNodes(): number | undefined;
    /** Spot / preemptible capacity. */
    spot(): boolean;
    /** How node disks are encrypted at rest. */
    diskEncryption(): "customer-managed-key" | "cloud-managed-key" | "none";
}

export interface KubernetesAdapter {
    readonly cloud: CloudName;
    clusters(index: ResourceIndex): ClusterView[];
    nodePools(index: ResourceIndex): NodePoolView[];
}

// ── Event streams ──────────────────────────────────────────────────────────────────────────────────

/** A Kafka-protocol cluster or namespace (MSK, Managed Service for Apache Kafka, Event Hubs). */
export interface StreamView extends DataStoreView {
    region(): string | undefined;
    transport(): Transport;
    /** Whether clients outside the private network can reach it. */
    publicNetworkAccess(): boolean;
    /** Ways in that bypass the cloud's identity system, as short phrases (`SAS keys`, `unauthenticated`). */
    nonIdentityAuth(): string[];
    /** Replication factor new topics get, or "managed" where the service keeps copies on its own. */
    defaultReplicationFactor(): number | "managed" | undefined;
    /** min.insync.replicas, or "managed" where the service acknowledges only durable writes on its own. */
    minInSyncReplicas(): number | "managed" | undefined;
}

export interface TopicView {
    readonly cloud: CloudName;
    readonly resource: PolicyResource;
    name(): string;
    /** Hours messages are kept; Infinity when kept forever. */
    retentionHours(): number | undefined;
    /** Replication factor, "managed" where the service decides, undefined when the cluster default applies. */
    replicationFactor(): number | "managed" | undefined;
    /** The stream (cluster, namespace) the topic belongs to. */
    stream(): PolicyResource | undefined;
}

export interface StreamAdapter {
    readonly cloud: CloudName;
    streams(index: ResourceIndex): StreamView[];
    topics(index: ResourceIndex): TopicView[];
    /** Continuous copies of a stream into another region's. */
    replicationEdges(index: ResourceIndex): ReplicationEdge[];
    readonly dataBearingTypes: readonly string[];
    retainedByInputs?(type: string, props: Record<string, any>): boolean | undefined;
}

// ── Feature store ──────────────────────────────────────────────────────────────────────────────────

/** A Redis-compatible online store (ElastiCache replication group, Memorystore instance, Azure Managed Redis cluster). */
export interface FeatureStoreView extends DataStoreView {
    region(): string | undefined;
    transport(): Transport;
    /** Ways in without authenticating, as short phrases; empty when every client authenticates. */
    unauthenticatedAccess(): string[];
    /** Whether clients outside the private network can reach it. */
    publicNetworkAccess(): boolean;
    /** Replicas of each shard that take over automatically, each in a zone of its own; 0 when none or when in one zone. */
    zoneReplicas(): number;
    /** What survives a restart of every node: `aof`, `rdb`, a `log` kept by the service, or `none`. */
    persistence(): "aof" | "rdb" | "log" | "none";
    /** Engine and version, or "managed" where the service picks and upgrades the version itself. */
    engineVersion(): { engine: "valkey" | "redis"; version: string } | "managed" | undefined;
}

export interface FeatureStoreAdapter {
    readonly cloud: CloudName;
    featureStores(index: ResourceIndex): FeatureStoreView[];
    /** Copies of a store in another region (source: the store, target: its copy). */
    replicationEdges(index: ResourceIndex): ReplicationEdge[];
    readonly dataBearingTypes: readonly string[];
    retainedByInputs?(type: string, props: Record<string, any>): boolean | undefined;
    /** The store's own scheduled backups, for backup-retention. */
    readonly backupPlans: Readonly<Record<string, (props: Record<string, any>) => BackupRuleView[]>>;
}
