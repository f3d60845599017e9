import * as authorization from "@pulumi/azure-native/authorization";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as pulumi from "@pulumi/pulumi";
import { lakeContainerName } from "../lake/azure-account";
import type { AzureNetworkHandle } from "../network/azure";
import { networkHandle } from "../network/contract";
import { keyUserIdentity } from "../shared/azure-cmk";
import { resourceGroup } from "../shared/azure-groups";
import { clientConfig } from "../shared/azure-roles";
import { namePrefix } from "../shared/context";
import { dataOptions } from "../shared/options";
import { flexibleServerBackupDays, flexibleServerSku, flexibleServerStorageGiB, flexibleServerVersion } from "./azure-limits";
import { AirflowImplementation, logsPrefix, managedDatabaseLogin, MetadataDatabase } from "./contract";

const { name: databaseName, user } = managedDatabaseLogin;

/** Node label AKS puts on the nodes of System-mode pools (the platform's system pool is the only one). */
export const aksSystemModeLabel = { "kubernetes.azure.com/mode": "system" } as const;

/**
 * The blob prefix task logs go under in the lake container: Airflow's WASB handler recognises its
 * remote folder only by a name starting with `wasb` and uses that name as the prefix.
 */
export const wasbLogFolder = `wasb-${logsPrefix}`;

/**
 * Which of the plan's private blocks holds the database's delegated subnet: AKS nodes take the first,
 * the others are free for services that need a subnet of their own (components/network/azure.ts).
 */
const databaseBlock = 1;

/**
 * Airflow on Azure. The metadata database is an Azure Database for PostgreSQL flexible server:
 * VNet-integrated (a delegated subnet and a private DNS zone, public access disabled), encrypted with
 * the platform key through a user-assigned identity and its geo-redundant backups with the backup
 * region's key through a second one (the service needs one in that region), zone-redundant high
 * availability when highAvailability, backups with point-in-time recovery kept backup.retentionDays
 * (7 to 35) and geo-redundant (restorable in the paired region), a CanNotDelete lock (Azure's deletion
 * protection). Task logs go to the lake's container through Azure Workload Identity: the connection
 * names the account only, DefaultAzureCredential finds the pod's federated token.
 */
export const azureAirflow: AirflowImplementation = {
    systemNodeSelector: aksSystemModeLabel,

    managedDatabase(parent, name, { ctx, settings, retentionDays, providers, keys, network: platformNetwork, password }): MetadataDatabase {
        const net = networkHandle<AzureNetworkHandle>(platformNetwork, "azure");
        const provider = providers.primary;
        const client = clientConfig(parent, provider);
        const group = resourceGroup(parent, name, { ctx, provider, capability: "airflow", region: ctx.region });
        const tags = { ...ctx.tags };
        const days = Math.max(flexibleServerBackupDays.min, Math.min(retentionDays, flexibleServerBackupDays.max));
        const block = platformNetwork.plan.privateSubnets[databaseBlock];
        if (!block) {
            throw new Error(`the address plan has no private block ${databaseBlock} for the Airflow database subnet`);
        }

        // Subnets of one VNet are created one after another (Azure refuses concurrent changes to a VNet).
        const subnet = new network.Subnet(
            name,
            {
                resourceGroupName: net.resourceGroup.name,
                virtualNetworkName: net.vnet.name,
                subnetName: "airflow-database",
                addressPrefix: block,
                defaultOutboundAccess: false,
                delegations: [{ name: "postgres", serviceName: "Microsoft.DBforPostgreSQL/flexibleServers" }],
            },
            // The retained server is injected into it: Azure refuses to delete a delegated subnet that holds a server.
            dataOptions(parent, net.provider, ctx, { dependsOn: [net.endpointSubnet] }),
        );
        // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private#private-dns-zone-and-virtual-network-peering
        const zone = new privatedns.PrivateZone(
            name,
            { resourceGroupName: group.name, privateZoneName: `${namePrefix(ctx)}-airflow.private.postgres.database.azure.com`, location: "Global", tags },
            // The retained server's name resolves through it (its privateDnsZoneArmResourceId).
            dataOptions(parent, provider, ctx),
        );
        const link = new privatedns.VirtualNetworkLink(
            name,
            { resourceGroupName: group.name, privateZoneName: zone.name, location: "Global", virtualNetwork: { id: net.vnet.id }, registrationEnabled: false, tags },
            // Makes the retained server's name resolve inside the (retained) VNet.
            dataOptions(parent, provider, ctx, { parent: zone }),
        );

        const keyArgs = { ctx, subscriptionId: client.subscriptionId, resourceGroupName: group.name };
        const primary = keyUserIdentity(parent, `${name}-primary`, { ...keyArgs, provider, region: ctx.region, role: "airflow-db", key: keys.primary });
        // The geo-backup key lives in the backup region, and its identity must be another one.
        // https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-data-encryption
        const geo = keyUserIdentity(parent, `${name}-geo`, { ...keyArgs, provider: providers.backup, region: ctx.backupRegion, role: "airflow-db-geo", key: keys.backup });

        const server = new dbforpostgresql.Server(
            name,
            {
                resourceGroupName: group.name,
                location: ctx.region,
                version: flexibleServerVersion,
                sku: { ...flexibleServerSku[settings.tier] },
                administratorLogin: user,
                administratorLoginPassword: password,
                authConfig: { passwordAuth: "Enabled", activeDirectoryAuth: "Disabled" },
                storage: { storageSizeGB: flexibleServerStorageGiB, autoGrow: "Enabled" },
                backup: { backupRetentionDays: days, geoRedundantBackup: "Enabled" },
                highAvailability: { mode: settings.highAvailability ? "ZoneRedundant" : "Disabled" },
                network: { delegatedSubnetResourceId: subnet.id, privateDnsZoneArmResourceId: zone.id, publicNetworkAccess: "Disabled" },
                // Versionless key URIs: the server follows the keys' rotation.
                dataEncryption: {
                    type: "AzureKeyVault",
                    primaryKeyURI: keys.primary.id,
                    primaryUserAssignedIdentityId: primary.identity.id,
                    geoBackupKeyURI: keys.backup.id,
                    geoBackupUserAssignedIdentityId: geo.identity.id,
                },
                identity: pulumi.all([primary.identity.id, geo.identity.id]).apply(([p, g]) => ({ type: "UserAssigned", userAssignedIdentities: { [p]: {}, [g]: {} } })),
                createMode: "Create",
                maintenanceWindow: { customWindow: "Enabled", dayOfWeek: 0, startHour: 3, startMinute: 0 },
                tags,
            },
            dataOptions(parent, provider, ctx, { dependsOn: [primary.keyGrant, geo.keyGrant, link], customTimeouts: { create: "60m", update: "60m" } }),
        );
        // Azure's deletion protection for a flexible server: nobody deletes it until the lock is lifted.
        const lock = new authorization.ManagementLockByScope(
            name,
            { scope: server.id, level: "CanNotDelete", lockName: "airflow-database", notes: "Airflow metadata database: lift this lock deliberately before deleting the server." },
            dataOptions(parent, provider, ctx),
        );
        const database = new dbforpostgresql.Database(
            name,
            { resourceGroupName: group.name, serverName: server.name, databaseName, charset: "UTF8", collation: "en_US.utf8" },
            dataOptions(parent, provider, ctx),
        );
        return {
            host: server.fullyQualifiedDomainName.apply((fqdn) => fqdn ?? ""),
            ...managedDatabaseLogin,
            password,
            recoveryPoint: {
                pointInTimeDays: days,
                copyRegion: ctx.backupRegion,
                mechanism: "Azure Database for PostgreSQL geo-redundant backup (restorable in the paired region, with the backup region's platform key)",
                measuredBy: "the server's earliest/latest restore point: az postgres flexible-server show --query backup",
            },
            ready: [server, lock, database],
        };
    },

    remoteLogging(lake) {
        return {
            baseFolder: pulumi.output(wasbLogFolder),
            url: pulumi.interpolate`${lake.url}/${wasbLogFolder}`,
            connectionId: "wasb_logs",
            // The account only: with no secret in the connection, the WASB hook falls back to
            // DefaultAzureCredential, which uses the federated token Azure Workload Identity mounts.
            connection: pulumi.jsonStringify({ conn_type: "wasb", login: lake.name, host: pulumi.interpolate`https://${lake.name}.blob.core.windows.net/` }),
            extraConfig: { azure_remote_logging: { remote_wasb_log_container: lakeContainerName } },
        };
    },
};
