import * as authorization from "@pulumi/azure-native/authorization";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as aws from "../../components/shared/sdk/aws";
import * as gcp from "../../components/shared/sdk/gcp";
import * as k8s from "@pulumi/kubernetes";

// Airflow's metadata database on each cloud and the chart's Helm release, for the airflow policy
// tests, declared with the real SDK classes. By default each is compliant; a test changes one thing.

export interface DatabaseSpec {
    /** false: no customer key, stated (AWS unencrypted, GCP an empty key name, Azure SystemManaged); "unstated": no key given, the cloud computes it. */
    readonly cmk?: boolean | "unstated";
    readonly backupDays?: number | "off";
    readonly crossRegionCopy?: boolean;
    readonly public?: boolean;
    readonly deletionProtection?: boolean;
}

const compliant: Required<DatabaseSpec> = { cmk: true, backupDays: 35, crossRegionCopy: true, public: false, deletionProtection: true };

export function rdsDatabase(name: string, spec: DatabaseSpec = {}): aws.rds.Instance {
    const s = { ...compliant, ...spec };
    const primary = new aws.Provider(`${name}-primary`, { region: "us-east-1" });
    const key = s.cmk === true ? new aws.kms.Key(`${name}-key`, { enableKeyRotation: true }, { provider: primary }) : undefined;
    const db = new aws.rds.Instance(
        name,
        {
            region: "us-east-1",
            engine: "postgres",
            instanceClass: "db.m7g.large",
            allocatedStorage: 50,
            storageEncrypted: s.cmk !== false,
            ...(key ? { kmsKeyId: key.arn } : {}),
            username: "airflow",
            password: "fixture-password",
            publiclyAccessible: s.public,
            deletionProtection: s.deletionProtection,
            backupRetentionPeriod: s.backupDays === "off" ? 0 : s.backupDays,
        },
        { provider: primary },
    );
    if (s.crossRegionCopy) {
        const backup = new aws.Provider(`${name}-backup`, { region: "us-west-2" });
        const backupKey = new aws.kms.Key(`${name}-backup-key`, { enableKeyRotation: true }, { provider: backup });
        new aws.rds.InstanceAutomatedBackupsReplication(name, { region: "us-west-2", sourceDbInstanceArn: db.arn, kmsKeyId: backupKey.arn, retentionPeriod: 35 }, { provider: backup });
    }
    return db;
}

export function cloudSqlDatabase(name: string, spec: DatabaseSpec = {}): gcp.sql.DatabaseInstance {
    const s = { ...compliant, ...spec };
    const p = new gcp.Provider(`${name}-gcp`, { project: "fixture", region: "us-central1" });
    const ring = new gcp.kms.KeyRing(`${name}-ring`, { project: "fixture", location: "us-central1", name: `${name}-ring` }, { provider: p });
    const key = s.cmk === true ? new gcp.kms.CryptoKey(`${name}-key`, { keyRing: ring.id, name: `${name}-key`, rotationPeriod: "31536000s" }, { provider: p }) : undefined;
    return new gcp.sql.DatabaseInstance(
        name,
        {
            project: "fixture",
            region: "us-central1",
            databaseVersion: "POSTGRES_17",
            ...(key ? { encryptionKeyName: key.id } : s.cmk === false ? { encryptionKeyName: "" } : {}),
            deletionProtection: s.deletionProtection,
            settings: {
                tier: "db-custom-2-7680",
                deletionProtectionEnabled: s.deletionProtection,
                backupConfiguration:
                    s.backupDays === "off"
                        ? { enabled: false }
                        : {
                              enabled: true,
                              pointInTimeRecoveryEnabled: true,
                              ...(s.crossRegionCopy ? { location: "us-east1" } : {}),
                              backupRetentionSettings: { retainedBackups: s.backupDays, retentionUnit: "COUNT" },
                          },
                ipConfiguration: s.public ? { ipv4Enabled: true } : { ipv4Enabled: false, privateNetwork: "projects/fixture/global/networks/platform" },
            },
        },
        { provider: p },
    );
}

export function flexibleServer(name: string, spec: DatabaseSpec = {}): dbforpostgresql.Server {
    const s = { ...compliant, ...spec };
    const p = new AzureProvider(`${name}-azure`, { location: "eastus2" });
    const key = (n: string) =>
        new keyvault.Key(n, { keyName: n, vaultName: "fixture-kv", resourceGroupName: "fixture-rg", properties: { kty: "RSA", keySize: 3072 } }, { provider: p });
    const server = new dbforpostgresql.Server(
        name,
        {
            resourceGroupName: "fixture-rg",
            location: "eastus2",
            version: "17",
            sku: { name: "Standard_D2ds_v5", tier: "GeneralPurpose" },
            backup: { ...(s.backupDays === "off" ? {} : { backupRetentionDays: s.backupDays }), geoRedundantBackup: s.crossRegionCopy ? "Enabled" : "Disabled" },
            network: { publicNetworkAccess: s.public ? "Enabled" : "Disabled" },
            dataEncryption: s.cmk !== false
                ? { type: "AzureKeyVault", primaryKeyURI: key(`${name}-key`).keyUri, geoBackupKeyURI: key(`${name}-geo-key`).keyUri }
                : { type: "SystemManaged" },
        },
        { provider: p },
    );
    if (s.deletionProtection) {
        new authorization.ManagementLockByScope(name, { scope: server.id, level: "CanNotDelete" }, { provider: p });
    }
    return server;
}

/** The official chart's release with compliant values, `change` applied on top. */
export function airflowRelease(name: string, change: (values: Record<string, any>) => void = () => undefined, release: Partial<k8s.helm.v3.ReleaseArgs> = {}): k8s.helm.v3.Release {
    const values: Record<string, any> = {
        executor: "KubernetesExecutor",
        postgresql: { enabled: false },
        data: { metadataSecretName: "airflow-metadata" },
        config: {
            core: { default_task_retries: "3" },
            logging: { remote_logging: "True", remote_base_log_folder: "s3://lake/airflow-logs", remote_log_conn_id: "aws_logs" },
        },
    };
    change(values);
    return new k8s.helm.v3.Release(name, { chart: "airflow", version: "1.22.0", repositoryOpts: { repo: "https://airflow.apache.org" }, namespace: "airflow", values, ...release });
}
