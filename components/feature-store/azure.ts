import * as authorization from "@pulumi/azure-native/authorization";
import * as network from "@pulumi/azure-native/network";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as pulumi from "@pulumi/pulumi";
import type { KeyRef } from "../keys/contract";
import type { ClusterRef as KubernetesCluster } from "../kubernetes/contract";
import type { LakeOutputs } from "../lake/contract";
import { lakeContainerName } from "../lake/azure-account";
import { networkHandle } from "../network/contract";
import { AzureNetworkHandle, privateEndpoint } from "../network/azure";
import { resourceGroup } from "../shared/azure-groups";
import { keyUserIdentity } from "../shared/azure-cmk";
import { BuiltInRole, clientConfig, roleDefinitionId } from "../shared/azure-roles";
import { PlatformContext } from "../shared/context";
import { AccessGrant, principalOf } from "../shared/grants";
import { knownAfter } from "../shared/known-after";
import { dataOptions } from "../shared/options";
import { azurePort, azureSku } from "./azure-limits";
import { azureEvictionPolicy, databaseId, redisClusterName } from "./azure-names";
import { exportSchedule, FeatureStoreImplementation, FeatureStoreRecoveryPoint, FeatureStoreSettings, lakeExportPrefix } from "./contract";
import { exportCronJob } from "./export-job";
import { feastUnavailable } from "./feast";

/**
 * Azure CLI, pinned: Microsoft publishes an image per CLI release (mcr.microsoft.com/azure-cli,
 * https://learn.microsoft.com/cli/azure/run-azure-cli-docker); 2.91.0 is the release of 2026-10 (PyPI azure-cli).
 */
export const azureCliImage = "mcr.microsoft.com/azure-cli:2.91.0";

/** Active geo-replication is asynchronous with no stated bound. https://learn.microsoft.com/azure/redis/how-to-active-geo-replication */
export const geoReplicationRecoveryPoint: FeatureStoreRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "Azure Monitor geo-replication metrics of the cache (Geo-replication Healthy, connectivity lag)",
};


interface Member {
    readonly cluster: redisenterprise.RedisEnterprise;
    readonly database: redisenterprise.Database;
    readonly groupName: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    /** ARM id of its database, known during a preview. */
    readonly databaseId: pulumi.Output<string>;
}

/**
 * One Azure Managed Redis cluster and its database in `region`: encrypted with that region's platform key
 * through a user-assigned identity, no public network access, TLS only (Encrypted protocol, TLS 1.2),
 * access keys disabled (Microsoft Entra ID only), zones spread with high availability.
 */
function member(
    parent: pulumi.Resource,
    name: string,
    args: {
        ctx: PlatformContext;
        provider: pulumi.ProviderResource;
        region: string;
        key: KeyRef;
        settings: FeatureStoreSettings;
        subscriptionId: pulumi.Output<string>;
        role: string;
        /** Geo-replication: the group's nickname and the databases already in it (empty for the first member). */
        geo?: { nickname: string; others: pulumi.Output<string>[] };
    },
): Member {
    const { ctx, provider, region, key, settings: s } = args;
    const data = (extra: pulumi.CustomResourceOptions = {}) => dataOptions(parent, provider, ctx, extra);
    const group = resourceGroup(parent, name, { ctx, provider, capability: args.role, region });
    const kek = keyUserIdentity(parent, name, { ctx, provider, subscriptionId: args.subscriptionId, resourceGroupName: group.name, region, role: args.role, key });
    const sku = azureSku(s);
    if (!sku) {
        throw new Error(`no Azure Managed Redis SKU holds ${s.memoryGb} GB; the config check should have refused featureStore.memoryGb`);
    }
    if (!key.versionedId) {
        throw new Error("the Azure platform key has no versioned URI; Azure Managed Redis takes a versioned key only");
    }
    const ha = s.replicasPerShard >= 1;
    const clusterName = args.subscriptionId.apply((sub) => redisClusterName(ctx, sub, args.role, region));
    const ownDatabase = pulumi.all([args.subscriptionId, group.name, clusterName]).apply(([sub, rg, c]) => databaseId(sub, rg, c));
    const cluster = new redisenterprise.RedisEnterprise(
        name,
        {
            clusterName,
            resourceGroupName: group.name,
            location: region,
            sku: { name: sku },
            highAvailability: ha ? "Enabled" : "Disabled",
            ...(ha ? { zones: Array.from({ length: ctx.profile.zones }, (_, i) => String(i + 1)) } : {}),
            minimumTlsVersion: "1.2",
            publicNetworkAccess: "Disabled",
            identity: { type: "UserAssigned", userAssignedIdentities: [kek.identity.id] },
            encryption: {
                customerManagedKeyEncryption: {
                    keyEncryptionKeyIdentity: { identityType: "userAssignedIdentity", userAssignedIdentityResourceId: kek.identity.id },
                    keyEncryptionKeyUrl: key.versionedId,
                },
            },
            tags: { ...ctx.tags },
        },
        // The cluster first wraps its key as the identity: after the identity's grant has applied.
        data({ dependsOn: [kek.keyGrant] }),
    );
    const database = new redisenterprise.Database(
        name,
        {
            clusterName: cluster.name,
            resourceGroupName: group.name,
            databaseName: "default",
            clientProtocol: "Encrypted",
            accessKeysAuthentication: "Disabled",
            // One endpoint that behaves like a single Redis server: the same client code as a one-shard store elsewhere.
            clusteringPolicy: "EnterpriseCluster",
            evictionPolicy: azureEvictionPolicy(s.evictionPolicy),
            port: azurePort,
            // Both flags stated, so what is off is known (the service allows one of the two at most).
            persistence:
                s.persistence === "aof"
                    ? { aofEnabled: true, aofFrequency: "1s", rdbEnabled: false }
                    : s.persistence === "rdb"
                      ? { rdbEnabled: true, rdbFrequency: "1h", aofEnabled: false }
                      : { aofEnabled: false, rdbEnabled: false },
            // A database joins a geo-replication group only when it is created, listing the group's databases and
            // itself; the service then lists every member on each, which the first member must not undo.
            // https://learn.microsoft.com/azure/redis/how-to-active-geo-replication
            ...(args.geo ? { geoReplication: { groupNickname: args.geo.nickname, linkedDatabases: [...args.geo.others, ownDatabase].map((id) => ({ id })) } } : {}),
        },
        data({ parent: cluster, ...(args.geo && args.geo.others.length === 0 ? { ignoreChanges: ["geoReplication.linkedDatabases"] } : {}) }),
    );
    return { cluster, database, groupName: group.name, clusterName: knownAfter(cluster, clusterName), databaseId: knownAfter(database, ownDatabase) };
}

/**
 * A private endpoint for a cluster in the platform VNet's endpoint subnet, registered in the
 * `privatelink.redis.azure.net` zone. https://learn.microsoft.com/azure/redis/private-link
 * Kept with the retained cluster in prod: its public access is off, so the endpoint and its DNS
 * record are the only way to reach the kept data (as the network keeps the subnet and the zone).
 */
function redisEndpoint(parent: pulumi.Resource, name: string, ctx: PlatformContext, net: AzureNetworkHandle, target: Member): network.PrivateEndpoint {
    return privateEndpoint(parent, name, {
        ctx,
        net,
        targetName: target.clusterName,
        suffix: "redis",
        targetId: target.cluster.id,
        groupId: "redisEnterprise",
        resourceGroupName: target.groupName,
        dnsZone: "redisEnterprise",
        dnsConfigName: "redis",
    });
}

/**
 * The feature store on Azure Managed Redis: a cluster and database in the primary region reached through
 * a private endpoint, Entra ID only, the platform key via a user-assigned identity, high availability
 * across zones, persistence (preview) where no geo-replication is asked, and an active geo-replication
 * member in the backup region when crossRegion is on (the config refuses persistence with it).
 */
export const azureFeatureStore: FeatureStoreImplementation = {
    cloud: "azure",
    create(self, args) {
        const { ctx, providers, keys, settings: s, lake, cluster } = args;
        const net = networkHandle<AzureNetworkHandle>(args.network, "azure");
        const client = clientConfig(self, providers.primary);
        const subscriptionId = client.subscriptionId;
        const nickname = `${ctx.project}-${ctx.stack}-features`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
        const common = { ctx, settings: s, subscriptionId };
        const primary = member(self, "feature-store", {
            ...common,
            provider: providers.primary,
            region: ctx.region,
            key: keys.primary,
            role: "fstore",
            ...(s.crossRegion ? { geo: { nickname, others: [] } } : {}),
        });
        redisEndpoint(self, "feature-store", ctx, net, primary);

        let secondary: Member | undefined;
        if (s.crossRegion) {
            secondary = member(self, "feature-store-secondary", {
                ...common,
                provider: providers.backup,
                region: ctx.backupRegion,
                key: keys.backup,
                role: "fstore-geo",
                geo: { nickname, others: [primary.databaseId] },
            });
            // The only VNet is in the primary region; a private endpoint reaches a cluster in another region.
            redisEndpoint(self, "feature-store-secondary", ctx, net, secondary);
        }

        exportJob(self, { ctx, cluster, lake, primary, subscriptionId });

        const replicaHost = secondary ? secondary.cluster.hostName.apply((h): string | undefined => h) : pulumi.output<string | undefined>(undefined);
        const members = [primary, ...(secondary ? [secondary] : [])];
        return {
            host: primary.cluster.hostName,
            port: primary.database.port.apply((p) => p ?? azurePort),
            auth: "entra",
            credential: pulumi.output(
                "Microsoft Entra ID: a token for https://redis.azure.com/.default of the workload's managed identity; user name = its object id",
            ),
            // EnterpriseCluster: the service routes keys to shards behind one endpoint, so clients never
            // need the cluster protocol (OSSCluster, which would, is not used).
            clusterMode: false,
            // Azure Managed Redis presents a certificate of a public CA (DigiCert), which system trust stores hold.
            caCertificates: pulumi.output<string | undefined>(undefined),
            replicaHost,
            recoveryPoint: secondary ? geoReplicationRecoveryPoint : undefined,
            feast: pulumi.output(feastUnavailable("entra", "about an hour")),
            backupExport: pulumi.output(lake.url).apply((url) => ({
                destination: `${url}/${lakeExportPrefix}/<date>/`,
                schedule: exportSchedule,
                note: "az redisenterprise database export with a user delegation SAS the job signs with its own identity",
            })),
            grant: (access) => accessPolicyGrant(access, members),
        };
    },
};

/**
 * Data access through an Entra ID access-policy assignment of the object id on every member's database
 * (geo-replicated members each have their own). Azure Managed Redis supports the `default` policy only
 * (full data access), so read and read-write are the same grant.
 * https://learn.microsoft.com/azure/redis/entra-for-authentication
 */
function accessPolicyGrant(access: "read" | "read-write", members: Member[]): AccessGrant {
    return {
        description: `${access} on the feature store (Entra ID access policy "default": Azure Managed Redis has no read-only policy)`,
        attach: (principal, name, opts) => {
            const objectId = principalOf(principal, "azure").principalId;
            return members.map(
                (m, i) =>
                    new redisenterprise.AccessPolicyAssignment(
                        `${name}${i === 0 ? "" : "-secondary"}`,
                        {
                            clusterName: m.clusterName,
                            databaseName: "default",
                            resourceGroupName: m.groupName,
                            accessPolicyName: "default",
                            // Assignment names: letters and digits; one per identity and database.
                            accessPolicyAssignmentName: objectId.apply((id) => id.replace(/-/g, "")),
                            user: { objectId },
                        },
                        opts,
                    ),
            );
        },
    };
}

function exportJob(
    self: pulumi.Resource,
    args: { ctx: PlatformContext; cluster: KubernetesCluster; lake: LakeOutputs; primary: Member; subscriptionId: pulumi.Output<string> },
): void {
    const { cluster, lake, primary, subscriptionId } = args;
    const jobRights: AccessGrant = {
        description: "export the feature store's database; sign a user delegation SAS on the lake and write to its container",
        attach: (principal, name, opts) => {
            const principalId = principalOf(principal, "azure").principalId;
            const assign = (suffix: string, role: BuiltInRole, scope: pulumi.Input<string>) =>
                new authorization.RoleAssignment(`${name}-${suffix}`, { principalId, principalType: "ServicePrincipal", roleDefinitionId: roleDefinitionId(subscriptionId, role), scope }, opts);
            // Contributor on the cluster alone, for the database export action; Storage Blob Delegator on the
            // lake account, for the user delegation key that signs the export's short-lived SAS; Storage Blob
            // Data Contributor on the lake's container: what the SAS may delegate.
            return [
                assign("export", "contributor", primary.cluster.id),
                assign("delegator", "storageBlobDelegator", lake.resourceId),
                assign("writer", "storageBlobDataContributor", pulumi.interpolate`${lake.resourceId}/blobServices/default/containers/${lakeContainerName}`),
            ];
        },
    };
    exportCronJob(self, "feature-store-export", {
        cluster,
        image: azureCliImage,
        grants: [jobRights],
        cliEnv: { AZURE_CONFIG_DIR: "/tmp/.azure" },
        env: { CLUSTER: primary.clusterName, RESOURCE_GROUP: primary.groupName, LAKE_ACCOUNT: lake.name, LAKE_CONTAINER: lakeContainerName, PREFIX: lakeExportPrefix },
        script: [
            // The workload identity webhook sets AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE.
            `az login --service-principal -u "$AZURE_CLIENT_ID" -t "$AZURE_TENANT_ID" --federated-token "$(cat "$AZURE_FEDERATED_TOKEN_FILE")" --output none`,
            `day=$(date -u +%Y-%m-%d)`,
            `expiry=$(date -u -d '+6 hours' +%Y-%m-%dT%H:%MZ)`,
            `sas=$(az storage container generate-sas --account-name "$LAKE_ACCOUNT" --name "$LAKE_CONTAINER" --as-user --auth-mode login --permissions acw --expiry "$expiry" --output tsv)`,
            `az redisenterprise database export --cluster-name "$CLUSTER" --resource-group "$RESOURCE_GROUP" --sas-uri "https://$LAKE_ACCOUNT.blob.core.windows.net/$LAKE_CONTAINER/$PREFIX/$day?$sas"`,
        ].join("\n"),
    });
}
