import * as aws from "../../components/shared/sdk/aws";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { cryptoKey, project, provider } from "./gcp-stream-fixture";

// Small feature stores for the feature-store policies, one per cloud, declared with the real SDK classes
// and compliant unless a test changes one setting (`over` for the primary store, `copy: false` for no
// copy in another region). Keys are resources of the program, found through dependencies as in a
// real preview. Data-bearing resources are retained on delete, as the platform does in prod.

const retained: pulumi.CustomResourceOptions = { retainOnDelete: true };

// ── AWS: ElastiCache for Valkey ─────────────────────────────────────────────────────────────────────

export interface AwsStoreSpec {
    readonly over?: Partial<aws.elasticache.ReplicationGroupArgs>;
    /** The group's `default` user: off with a password (compliant), or on without one. */
    readonly defaultUser?: "off" | "on-no-password";
    /** No user group at all. */
    readonly noUserGroup?: boolean;
    readonly copy?: boolean;
}

function awsKey(name: string, p: aws.Provider): aws.kms.Key {
    return new aws.kms.Key(name, { enableKeyRotation: true, rotationPeriodInDays: 365, deletionWindowInDays: 30 }, { provider: p, ...retained });
}

function awsUsers(suffix: string, p: aws.Provider, spec: AwsStoreSpec): aws.elasticache.UserGroup {
    const defaultUser = new aws.elasticache.User(
        `default${suffix}`,
        spec.defaultUser === "on-no-password"
            ? { userId: `fs-default${suffix}`, userName: "default", engine: "valkey", accessString: "on ~* +@all", authenticationMode: { type: "no-password-required" } }
            : { userId: `fs-default${suffix}`, userName: "default", engine: "valkey", accessString: "off ~* -@all", authenticationMode: { type: "password", passwords: ["a-long-fixture-password-0001"] } },
        { provider: p },
    );
    const writer = new aws.elasticache.User(
        `writer${suffix}`,
        { userId: `fs-writer${suffix}`, userName: "fs-writer", engine: "valkey", accessString: "on ~* +@all -@dangerous", authenticationMode: { type: "password", passwords: ["a-long-fixture-password-0002"] } },
        { provider: p },
    );
    return new aws.elasticache.UserGroup(`users${suffix}`, { userGroupId: `fs${suffix}`, engine: "valkey", userIds: [defaultUser.userId, writer.userId] }, { provider: p });
}

/** TLS required, Multi-AZ failover, encryption at rest and snapshots: the same on the primary and the secondary. */
const awsReplicated: Partial<aws.elasticache.ReplicationGroupArgs> = {
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    atRestEncryptionEnabled: true,
    snapshotRetentionLimit: 35,
};

export function awsStore(spec: AwsStoreSpec = {}) {
    return () => {
        const p = new aws.Provider("us-east-1", { region: "us-east-1" });
        const group = spec.noUserGroup ? undefined : awsUsers("", p, spec);
        const primary = new aws.elasticache.ReplicationGroup(
            "features",
            {
                replicationGroupId: "fs-features",
                description: "fixture",
                engine: "valkey",
                engineVersion: "8.2",
                nodeType: "cache.r7g.large",
                clusterMode: "disabled",
                ...awsReplicated,
                kmsKeyId: awsKey("primary", p).arn,
                ...(group ? { userGroupIds: [group.userGroupId] } : {}),
                ...spec.over,
            },
            { provider: p, ...retained },
        );
        if (spec.copy !== false) {
            const b = new aws.Provider("us-west-2", { region: "us-west-2" });
            const global = new aws.elasticache.GlobalReplicationGroup("features", { globalReplicationGroupIdSuffix: "features", primaryReplicationGroupId: primary.id }, { provider: p, ...retained });
            new aws.elasticache.ReplicationGroup(
                "features-secondary",
                {
                    replicationGroupId: "fs-features-secondary",
                    description: "fixture secondary",
                    globalReplicationGroupId: global.globalReplicationGroupId,
                    ...awsReplicated,
                    kmsKeyId: awsKey("backup", b).arn,
                    userGroupIds: [awsUsers("-secondary", b, {}).userGroupId],
                },
                { provider: b, ...retained },
            );
        }
    };
}

// ── GCP: Memorystore for Valkey ─────────────────────────────────────────────────────────────────────

export interface GcpStoreSpec {
    readonly over?: Partial<gcp.memorystore.InstanceArgs>;
    readonly copy?: boolean;
    /** Where the secondary is (us-east1 unless given). */
    readonly copyIn?: string;
}

function gcpInstanceArgs(location: string, key: pulumi.Input<string>): gcp.memorystore.InstanceArgs {
    return {
        project,
        instanceId: `features-${location}`,
        location,
        mode: "CLUSTER_DISABLED",
        shardCount: 1,
        replicaCount: 1,
        nodeType: "HIGHMEM_MEDIUM",
        engineVersion: "VALKEY_8_0",
        authorizationMode: "IAM_AUTH",
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        kmsKey: key,
        zoneDistributionConfig: { mode: "MULTI_ZONE" },
        persistenceConfig: { mode: "AOF", aofConfig: { appendFsync: "EVERY_SEC" } },
        automatedBackupConfig: { fixedFrequencySchedule: { startTime: { hours: 2 } }, retention: `${35 * 86400}s` },
        deletionPolicy: "ABANDON",
        desiredAutoCreatedEndpoints: [{ network: `projects/${project}/global/networks/platform`, projectId: project }],
    };
}

export function gcpStore(spec: GcpStoreSpec = {}) {
    return () => {
        const p = provider();
        const primary = new gcp.memorystore.Instance("features", { ...gcpInstanceArgs("us-central1", cryptoKey("primary", p, "us-central1").id), ...spec.over }, { provider: p });
        if (spec.copy !== false) {
            const where = spec.copyIn ?? "us-east1";
            const b = provider("fixture-backup", where);
            new gcp.memorystore.Instance(
                "features-secondary",
                { ...gcpInstanceArgs(where, cryptoKey("backup", b, where).id), instanceId: "features-secondary", crossInstanceReplicationConfig: { instanceRole: "SECONDARY", primaryInstance: { instance: primary.id } } },
                { provider: b },
            );
        }
    };
}

// ── Azure: Azure Managed Redis ──────────────────────────────────────────────────────────────────────

export interface AzureStoreSpec {
    readonly cluster?: Partial<redisenterprise.RedisEnterpriseArgs>;
    readonly database?: Partial<redisenterprise.DatabaseArgs>;
    /** No customer-managed key. */
    readonly noCmk?: boolean;
    readonly copy?: boolean;
}

const rg = "fixture-rg";
const dbId = (cluster: string) => `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Cache/redisEnterprise/${cluster}/databases/default`;

function azureMember(name: string, location: string, spec: AzureStoreSpec, geo?: { others: pulumi.Input<string>[] }) {
    const p = new AzureProvider(location, { location });
    const key = new keyvault.Key(
        `${name}-key`,
        { keyName: name, vaultName: "fixture-kv", resourceGroupName: rg, properties: { kty: "RSA", keySize: 3072, keyOps: ["wrapKey", "unwrapKey"], rotationPolicy: { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }] } } },
        { provider: p, ...retained },
    );
    const identity = `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-cmk`;
    const cluster = new redisenterprise.RedisEnterprise(
        name,
        {
            clusterName: name,
            resourceGroupName: rg,
            location,
            sku: { name: "Balanced_B10" },
            highAvailability: "Enabled",
            zones: ["1", "2", "3"],
            minimumTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
            identity: { type: "UserAssigned", userAssignedIdentities: [identity] },
            ...(spec.noCmk
                ? {}
                : { encryption: { customerManagedKeyEncryption: { keyEncryptionKeyIdentity: { identityType: "userAssignedIdentity", userAssignedIdentityResourceId: identity }, keyEncryptionKeyUrl: key.keyUriWithVersion } } }),
            ...spec.cluster,
        },
        { provider: p, ...retained },
    );
    const database = new redisenterprise.Database(
        name,
        {
            clusterName: cluster.name,
            resourceGroupName: rg,
            databaseName: "default",
            clientProtocol: "Encrypted",
            accessKeysAuthentication: "Disabled",
            clusteringPolicy: "EnterpriseCluster",
            evictionPolicy: "VolatileLRU",
            persistence: { aofEnabled: false, rdbEnabled: false },
            ...(geo ? { geoReplication: { groupNickname: "features", linkedDatabases: [...geo.others, dbId(name)].map((id) => ({ id })) } } : {}),
            ...spec.database,
        },
        { provider: p, ...retained },
    );
    return { cluster, database };
}

export function azureStore(spec: AzureStoreSpec = {}) {
    return () => {
        const copy = spec.copy !== false;
        const primary = azureMember("features", "eastus2", spec, copy ? { others: [] } : undefined);
        if (copy) {
            azureMember("features-geo", "centralus", {}, { others: [primary.database.id] });
        }
    };
}
