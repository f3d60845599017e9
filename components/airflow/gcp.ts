import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { systemPoolLabel } from "../kubernetes/gcp";
import type { GcpNetworkHandle } from "../network/gcp";
import { networkHandle } from "../network/contract";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { serviceAgent } from "../shared/gcp-service-agent";
import { dataOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { AirflowImplementation, logsPrefix, managedDatabaseLogin, MetadataDatabase } from "./contract";
import { cloudSqlDiskGiB, cloudSqlEdition, cloudSqlMaxLogRetentionDays, cloudSqlMaxRetainedBackups, cloudSqlTier, cloudSqlVersion } from "./gcp-limits";

const { name: databaseName, user } = managedDatabaseLogin;

/**
 * Airflow on GCP. The metadata database is Cloud SQL for PostgreSQL: CMEK with the platform key (the
 * Cloud SQL service agent may use it), a private IP on the platform's network through Private Service
 * Access and no public IP, TLS required, REGIONAL (a standby in another zone) when highAvailability,
 * deletion-protected (and abandoned rather than deleted in prod), daily backups kept
 * backup.retentionDays and stored in the backup region (a custom backup location), point-in-time
 * recovery from the write-ahead logs Cloud SQL keeps (7 days at most on Enterprise edition). Task logs
 * go to the lake bucket through GKE Workload Identity: the connection has no key, Application Default
 * Credentials are the pod's.
 */
export const gcpAirflow: AirflowImplementation = {
    systemNodeSelector: systemPoolLabel,

    managedDatabase(parent, name, { ctx, settings, retentionDays, providers, keys, network, password }): MetadataDatabase {
        const net = networkHandle<GcpNetworkHandle>(network, "gcp");
        const project = gcpProjectOf(ctx);
        const provider = providers.primary;
        // The project's Cloud SQL service agent encrypts with the key; it exists once asked for.
        const agentMember = serviceAgent(parent, `${name}-sql-agent`, { ctx, provider, project, service: "sqladmin.googleapis.com", agentDomain: "gcp-sa-cloud-sql" });
        // Retained with the instance: a kept instance keeps the use of its key, and with it its data.
        // https://cloud.google.com/sql/docs/postgres/configure-cmek#grantkey
        const keyGrant = new gcp.kms.CryptoKeyIAMMember(
            `${name}-sql-agent`,
            { cryptoKeyId: keys.primary.resourceId, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agentMember },
            dataOptions(parent, provider, ctx),
        );
        const keyReady = afterPropagation(`${name}-key`, [keyGrant], "gcp", parent);
        const days = Math.min(retentionDays, cloudSqlMaxRetainedBackups);

        const instance = new gcp.sql.DatabaseInstance(
            name,
            {
                project,
                region: ctx.region,
                databaseVersion: cloudSqlVersion,
                encryptionKeyName: keys.primary.id,
                deletionProtection: true,
                deletionPolicy: gcpDeletionPolicy(ctx),
                settings: {
                    tier: cloudSqlTier[settings.tier],
                    edition: cloudSqlEdition,
                    availabilityType: settings.highAvailability ? "REGIONAL" : "ZONAL",
                    deletionProtectionEnabled: true,
                    diskType: "PD_SSD",
                    diskSize: cloudSqlDiskGiB,
                    diskAutoresize: true,
                    backupConfiguration: {
                        enabled: true,
                        pointInTimeRecoveryEnabled: true,
                        transactionLogRetentionDays: Math.min(days, cloudSqlMaxLogRetentionDays),
                        // Backups live in the backup region, so losing the primary region leaves them restorable.
                        // https://cloud.google.com/sql/docs/postgres/backup-recovery/backing-up#locationbackups
                        location: ctx.backupRegion,
                        startTime: "02:00",
                        backupRetentionSettings: { retainedBackups: days, retentionUnit: "COUNT" },
                    },
                    ipConfiguration: {
                        ipv4Enabled: false,
                        privateNetwork: net.network.id,
                        allocatedIpRange: net.managedServicesRange.name,
                        sslMode: "ENCRYPTED_ONLY",
                    },
                    retainBackupsOnDelete: true,
                    maintenanceWindow: { day: 7, hour: 3 },
                    userLabels: { ...ctx.tags },
                },
            },
            dataOptions(parent, provider, ctx, { dependsOn: [keyReady, net.privateServiceAccess], customTimeouts: { create: "60m", update: "60m" } }),
        );
        const database = new gcp.sql.Database(
            name,
            { project, instance: instance.name, name: databaseName, deletionPolicy: ctx.retainData ? "ABANDON" : "DELETE" },
            dataOptions(parent, provider, ctx),
        );
        const login = new gcp.sql.User(name, { project, instance: instance.name, name: user, password }, dataOptions(parent, provider, ctx));
        return {
            host: instance.privateIpAddress,
            ...managedDatabaseLogin,
            password,
            recoveryPoint: {
                pointInTimeDays: Math.min(days, cloudSqlMaxLogRetentionDays),
                copyRegion: ctx.backupRegion,
                mechanism: `Cloud SQL automated backups kept ${days} days in the backup region (custom backup location); point-in-time recovery in the primary region`,
                measuredBy: `the newest successful backup: gcloud sql backups list --instance <instance>`,
            },
            ready: [instance, database, login],
        };
    },

    remoteLogging(lake) {
        const baseFolder = pulumi.interpolate`gs://${lake.name}/${logsPrefix}`;
        return {
            baseFolder,
            url: baseFolder,
            connectionId: "google_cloud_logs",
            // No key file: the Google client libraries use the pod's Workload Identity (Application Default Credentials).
            connection: pulumi.output(JSON.stringify({ conn_type: "google_cloud_platform" })),
            extraConfig: {},
        };
    },
};
