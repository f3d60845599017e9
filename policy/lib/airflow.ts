import { PolicyResource } from "@pulumi/policy";
import { awsKeys, azureKeys, customerKeyIn, gcpKeys } from "./keys";
import { airflowChart, postgresBackupRetentionCaps } from "./platform-conventions";
import { ResourceIndex } from "./resource-index";

// Airflow as the pack sees it: the managed PostgreSQL its metadata lives in (one view per cloud,
// read from what a preview knows: literal inputs, and keys and split resources through the
// dependencies Pulumi records), and the official chart's Helm release (its values are inputs).

export const databaseTypes = {
    rds: "aws:rds/instance:Instance",
    rdsBackupCopy: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    cloudSql: "gcp:sql/databaseInstance:DatabaseInstance",
    flexibleServer: "azure-native:dbforpostgresql:Server",
    azureLock: "azure-native:authorization:ManagementLockByScope",
} as const;

/** A managed PostgreSQL instance, whatever the cloud. */
export interface DatabaseView {
    readonly resource: PolicyResource;
    /** The service, for messages. */
    readonly service: string;
    /** The customer-managed key it is encrypted with; undefined when the cloud's own key. */
    encryptionKey(): string | undefined;
    /** Days automated backups (and point-in-time recovery) are kept; undefined when off. */
    backupRetentionDays(): number | undefined;
    /** The longest the service allows. */
    readonly maxRetentionDays: number;
    /** The copy that survives the loss of the database's region, for people; undefined when none. */
    crossRegionCopy(): string | undefined;
    /** Why it is reachable from public networks; undefined when private only. */
    publicAccess(): string | undefined;
    /** What stops a delete; undefined when nothing. */
    deletionProtection(): string | undefined;
}

export function databases(index: ResourceIndex): DatabaseView[] {
    return [
        ...index.ofType(databaseTypes.rds).filter((r) => /^postgres/.test(String(r.props.engine ?? ""))).map((r) => rdsView(r, index)),
        ...index.ofType(databaseTypes.cloudSql).filter((r) => /^POSTGRES/.test(String(r.props.databaseVersion ?? ""))).map(cloudSqlView),
        ...index.ofType(databaseTypes.flexibleServer).map((r) => flexibleServerView(r, index)),
    ];
}

function rdsView(r: PolicyResource, index: ResourceIndex): DatabaseView {
    const p = r.props;
    return {
        resource: r,
        service: "RDS for PostgreSQL",
        // storageEncrypted off means no encryption at all; on without a key, the AWS managed aws/rds key.
        encryptionKey: () => (p.storageEncrypted === true ? customerKeyIn(r, "kmsKeyId", awsKeys, () => p.kmsKeyId) : undefined),
        backupRetentionDays: () => (typeof p.backupRetentionPeriod === "number" && p.backupRetentionPeriod > 0 ? p.backupRetentionPeriod : undefined),
        maxRetentionDays: postgresBackupRetentionCaps.rds,
        crossRegionCopy: () => {
            const copies = index.dependentsOf(r, databaseTypes.rdsBackupCopy, "sourceDbInstanceArn");
            return copies.length ? `cross-Region automated backups (${copies.map((c) => c.name).join(", ")})` : undefined;
        },
        publicAccess: () => (p.publiclyAccessible === true ? "publiclyAccessible is true" : undefined),
        deletionProtection: () => (p.deletionProtection === true ? "deletionProtection" : undefined),
    };
}

function cloudSqlView(r: PolicyResource): DatabaseView {
    const p = r.props;
    const backups = p.settings?.backupConfiguration;
    return {
        resource: r,
        service: "Cloud SQL for PostgreSQL",
        encryptionKey: () => customerKeyIn(r, "encryptionKeyName", gcpKeys, () => p.encryptionKeyName),
        backupRetentionDays: () => {
            if (backups?.enabled !== true) {
                return undefined;
            }
            // Daily backups kept by count (7 unless stated); a time-based unit is not offered.
            const kept = backups.backupRetentionSettings?.retainedBackups;
            return typeof kept === "number" ? kept : 7;
        },
        maxRetentionDays: postgresBackupRetentionCaps.cloudSql,
        crossRegionCopy: () => {
            const location = backups?.location;
            const region = p.region;
            return typeof location === "string" && location !== "" && location !== region ? `backups stored in ${location}` : undefined;
        },
        publicAccess: () => {
            const ip = p.settings?.ipConfiguration;
            // Cloud SQL gives an instance a public IPv4 address unless ipv4Enabled is false.
            return ip?.ipv4Enabled === false ? undefined : "a public IPv4 address (settings.ipConfiguration.ipv4Enabled is not false)";
        },
        deletionProtection: () =>
            p.settings?.deletionProtectionEnabled === true ? "settings.deletionProtectionEnabled" : p.deletionProtection === true ? "deletionProtection (Pulumi only)" : undefined,
    };
}

function flexibleServerView(r: PolicyResource, index: ResourceIndex): DatabaseView {
    const p = r.props;
    return {
        resource: r,
        service: "Azure Database for PostgreSQL flexible server",
        encryptionKey: () => (p.dataEncryption?.type === "AzureKeyVault" ? customerKeyIn(r, "dataEncryption", azureKeys, () => p.dataEncryption?.primaryKeyURI) : undefined),
        // Backups are always on; 7 days unless stated.
        backupRetentionDays: () => (typeof p.backup?.backupRetentionDays === "number" ? p.backup.backupRetentionDays : 7),
        maxRetentionDays: postgresBackupRetentionCaps.azureFlexibleServer,
        crossRegionCopy: () => (p.backup?.geoRedundantBackup === "Enabled" ? "geo-redundant backup" : undefined),
        publicAccess: () => (p.network?.publicNetworkAccess === "Disabled" ? undefined : `publicNetworkAccess is ${p.network?.publicNetworkAccess ?? "not Disabled"}`),
        deletionProtection: () => {
            const locks = index.dependentsOf(r, databaseTypes.azureLock, "scope").filter((l) => l.props.level === "CanNotDelete");
            return locks.length ? `CanNotDelete lock ${locks[0].name}` : undefined;
        },
    };
}

/** The values of the official Airflow chart's release, or undefined for any other release. */
export function airflowValues(type: string, props: Record<string, any>): Record<string, any> | undefined {
    if (type !== "kubernetes:helm.sh/v3:Release") {
        return undefined;
    }
    const repo = String(props.repositoryOpts?.repo ?? "").replace(/\/+$/, "");
    const chart = String(props.chart ?? "");
    const official = (chart === airflowChart.name && repo === airflowChart.repository) || chart === `apache-airflow/${airflowChart.name}`;
    return official ? ((props.values ?? {}) as Record<string, any>) : undefined;
}

/** Airflow reads config values as text; the chart passes YAML booleans on as they are. */
export function isTrue(value: unknown): boolean {
    return value === true || (typeof value === "string" && /^true$/i.test(value.trim()));
}
