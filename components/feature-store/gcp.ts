import type { GcpNetworkHandle } from "../network/gcp";
import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { KeyRef } from "../keys/contract";
import { networkHandle } from "../network/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpDeletionPolicy, gcpProjectOf } from "../shared/gcp-context";
import { serviceAgent } from "../shared/gcp-service-agent";
import { AccessGrant, principalOf } from "../shared/grants";
import { knownAfter } from "../shared/known-after";
import { dataOptions, infraOptions } from "../shared/options";
import { afterPropagation } from "../shared/propagation";
import { defaultPort, exportSchedule, FeatureStoreImplementation, FeatureStoreRecoveryPoint, FeatureStoreSettings } from "./contract";
import { exportCronJob } from "./export-job";
import { feastUnavailable } from "./feast";
import { engineVersion, gcpNodeType, maxBackupRetentionDays } from "./gcp-limits";

/**
 * Google Cloud CLI, slim image, pinned (gcr.io/google.com/cloudsdktool/google-cloud-cli, tags per
 * release: https://cloud.google.com/sdk/docs/downloads-docker). `gcloud memorystore` backups need a
 * recent release: verify on first deploy.
 */
export const gcloudImage = "gcr.io/google.com/cloudsdktool/google-cloud-cli:525.0.0-slim";

/** The service class Memorystore for Valkey's automated PSC endpoints use. https://cloud.google.com/memorystore/docs/valkey/networking */
export const serviceClass = "gcp-memorystore";

/** IAM auth: one role lets a principal connect; Memorystore's IAM does not tell reads from writes. https://cloud.google.com/memorystore/docs/valkey/about-iam-auth */
export const connectRole = "roles/memorystore.dbConnectionUser";

/** Cross-instance replication is asynchronous with no stated bound. https://cloud.google.com/memorystore/docs/valkey/about-cross-region-replication */
export const crossInstanceRecoveryPoint: FeatureStoreRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "Cloud Monitoring memorystore.googleapis.com/instance/cross_instance_replication/secondary_replication_lag of the secondary",
};


/**
 * Lets Memorystore create its Private Service Connect endpoints in `subnet` of the platform network, in one
 * region: the endpoint subnet in the primary region; in the backup region a subnet from the plan's first
 * public block, which GCP leaves free (network/gcp.ts). One policy per network, region and service class.
 */
function pscPolicy(parent: pulumi.Resource, name: string, args: { ctx: PlatformContext; provider: pulumi.ProviderResource; region: string; network: pulumi.Input<string>; subnet: pulumi.Input<string> }) {
    return new gcp.networkconnectivity.ServiceConnectionPolicy(
        name,
        {
            project: gcpProjectOf(args.ctx),
            name: `${namePrefix(args.ctx)}-memorystore-${args.region}`,
            location: args.region,
            serviceClass,
            network: args.network,
            description: "Private Service Connect endpoints of the feature store",
            pscConfig: { subnetworks: [args.subnet] },
        },
        // The retained store's endpoints were made under it; removing the policy leaves them in place.
        infraOptions(parent, args.provider, args.ctx),
    );
}

/** Cluster mode (clients follow the slot map) when the data is sharded; one shard needs none. */
export function memorystoreClustered(s: Pick<FeatureStoreSettings, "shards">): boolean {
    return s.shards > 1;
}

/** The instance's settings common to the primary and its secondary. */
function instanceArgs(ctx: PlatformContext, s: FeatureStoreSettings, key: KeyRef, days: number) {
    const nodeType = gcpNodeType(s);
    if (!nodeType) {
        throw new Error(`no Memorystore node holds ${s.memoryGb} GB in ${s.shards} shard(s); the config check should have refused featureStore.memoryGb`);
    }
    return {
        project: gcpProjectOf(ctx),
        mode: memorystoreClustered(s) ? "CLUSTER" : "CLUSTER_DISABLED",
        shardCount: s.shards,
        replicaCount: s.replicasPerShard,
        nodeType,
        engineVersion,
        engineConfigs: { "maxmemory-policy": s.evictionPolicy },
        authorizationMode: "IAM_AUTH",
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        kmsKey: key.id,
        zoneDistributionConfig: { mode: "MULTI_ZONE" },
        persistenceConfig:
            s.persistence === "aof"
                ? { mode: "AOF", aofConfig: { appendFsync: "EVERY_SEC" } }
                : s.persistence === "rdb"
                  ? { mode: "RDB", rdbConfig: { rdbSnapshotPeriod: "ONE_HOUR", rdbSnapshotStartTime: "2024-01-01T00:00:00Z" } }
                  : { mode: "DISABLED" },
        automatedBackupConfig: { fixedFrequencySchedule: { startTime: { hours: 2 } }, retention: `${Math.min(days, maxBackupRetentionDays) * 86_400}s` },
        deletionPolicy: gcpDeletionPolicy(ctx),
        deletionProtectionEnabled: ctx.retainData,
        labels: { ...ctx.tags },
    };
}

/** The address and port clients connect to: the discovery endpoint in cluster mode, else the primary's. */
/** The instance's managed server CA chains as one PEM bundle (unset until the instance exists). */
function serverCaOf(instance: gcp.memorystore.Instance): pulumi.Output<string | undefined> {
    return instance.managedServerCas.apply((cas) => {
        const pems = (cas ?? []).flatMap((ca) => (ca.caCerts ?? []).flatMap((chain) => chain.certificates ?? []));
        return pems.length > 0 ? pems.join("\n") : undefined;
    });
}

function endpointOf(instance: gcp.memorystore.Instance): { host: pulumi.Output<string>; port: pulumi.Output<number> } {
    const conn = instance.endpoints.apply((endpoints) => {
        // Absent until the service reports them (a mocked update run has none).
        const all = (endpoints ?? []).flatMap((e) => e.connections ?? []).map((c) => c.pscAutoConnection).filter((c) => c !== undefined);
        return all.find((c) => c.connectionType === "CONNECTION_TYPE_DISCOVERY") ?? all.find((c) => c.connectionType === "CONNECTION_TYPE_PRIMARY") ?? all[0];
    });
    return { host: conn.apply((c) => c?.ipAddress ?? ""), port: conn.apply((c) => c?.port ?? defaultPort) };
}

/**
 * The feature store on Memorystore for Valkey: an instance reached through Private Service Connect
 * endpoints in the platform network, IAM authentication, TLS (server authentication), the platform key
 * (CMEK), AOF or RDB persistence, zones spread, automated backups kept backup.retentionDays, and a
 * cross-instance replication secondary in the backup region when crossRegion is on.
 */
export const gcpFeatureStore: FeatureStoreImplementation = {
    cloud: "gcp",
    create(self, args) {
        const { ctx, providers, keys, settings: s, lake, cluster } = args;
        const net = networkHandle<GcpNetworkHandle>(args.network, "gcp");
        const project = gcpProjectOf(ctx);
        const prefix = namePrefix(ctx);
        const provider = providers.primary;

        // The Memorystore service agent encrypts with the platform keys; it exists once the program asks for it.
        const agent = serviceAgent(self, "memorystore-agent", { ctx, provider, project, service: "memorystore.googleapis.com", agentDomain: "gcp-sa-memorystore" });
        const keyGrants = [keys.primary, ...(s.crossRegion ? [keys.backup] : [])].map(
            (key, i) =>
                new gcp.kms.CryptoKeyIAMMember(
                    `feature-store-key-${i === 0 ? "primary" : "backup"}`,
                    { cryptoKeyId: key.resourceId, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: agent },
                    dataOptions(self, provider, ctx),
                ),
        );
        const keysReady = afterPropagation("feature-store-keys", keyGrants, "gcp", self);

        const primaryPolicy = pscPolicy(self, "feature-store-psc", { ctx, provider, region: ctx.region, network: net.network.id, subnet: net.endpointSubnet.id });
        const primary = new gcp.memorystore.Instance(
            "feature-store",
            {
                ...instanceArgs(ctx, s, keys.primary, args.backupRetentionDays),
                instanceId: `${prefix}-features`,
                location: ctx.region,
                desiredAutoCreatedEndpoints: [{ network: net.network.id, projectId: project }],
            },
            dataOptions(self, provider, ctx, { dependsOn: [primaryPolicy, keysReady] }),
        );

        let secondary: gcp.memorystore.Instance | undefined;
        if (s.crossRegion) {
            const backupSubnet = new gcp.compute.Subnetwork(
                "feature-store-backup-psc",
                {
                    project,
                    region: ctx.backupRegion,
                    network: net.network.id,
                    description: "Private Service Connect endpoints of the feature store's secondary",
                    ipCidrRange: args.network.plan.publicSubnets[0],
                    stackType: "IPV4_ONLY",
                    privateIpGoogleAccess: true,
                },
                // The retained secondary's endpoints hold addresses in it.
                dataOptions(self, provider, ctx),
            );
            const backupPolicy = pscPolicy(self, "feature-store-backup-psc", { ctx, provider, region: ctx.backupRegion, network: net.network.id, subnet: backupSubnet.id });
            secondary = new gcp.memorystore.Instance(
                "feature-store-secondary",
                {
                    ...instanceArgs(ctx, s, keys.backup, args.backupRetentionDays),
                    instanceId: `${prefix}-features-secondary`,
                    location: ctx.backupRegion,
                    desiredAutoCreatedEndpoints: [{ network: net.network.id, projectId: project }],
                    crossInstanceReplicationConfig: { instanceRole: "SECONDARY", primaryInstance: { instance: primary.id } },
                },
                dataOptions(self, providers.backup, ctx, { dependsOn: [backupPolicy, keysReady] }),
            );
        }

        // The service writes the export itself, as its agent: it needs to create objects in the lake.
        const lakeWriter = new gcp.storage.BucketIAMMember(
            "feature-store-export-lake-writer",
            { bucket: lake.name, role: "roles/storage.objectCreator", member: agent },
            infraOptions(self, provider, ctx),
        );
        exportCronJob(self, "feature-store-export", {
            cluster,
            image: gcloudImage,
            grants: [exportGrant(project)],
            cliEnv: { CLOUDSDK_CONFIG: "/tmp/gcloud" },
            env: { BACKUP_COLLECTION: primary.backupCollection, LOCATION: ctx.region, LAKE_BUCKET: knownAfter(lakeWriter, lake.name) },
            script: [
                `collection=$(basename "$BACKUP_COLLECTION")`,
                `latest=$(gcloud memorystore backup-collections backups list --backup-collection="$collection" --location="$LOCATION" --sort-by=~createTime --limit=1 --format='value(name.basename())')`,
                `test -n "$latest"`,
                `gcloud memorystore backup-collections backups export "$latest" --backup-collection="$collection" --location="$LOCATION" --gcs-bucket="$LAKE_BUCKET"`,
            ].join("\n"),
        });

        const { host, port } = endpointOf(primary);
        const instanceNames = [primary.name, ...(secondary ? [secondary.name] : [])];
        return {
            host,
            port,
            auth: "iam",
            credential: pulumi.interpolate`IAM: an OAuth access token of the workload's service account (${connectRole}); server CA from the instance's managed certificate authority`,
            clusterMode: memorystoreClustered(s),
            caCertificates: serverCaOf(primary),
            replicaHost: secondary ? endpointOf(secondary).host.apply((h): string | undefined => h) : pulumi.output<string | undefined>(undefined),
            recoveryPoint: secondary ? crossInstanceRecoveryPoint : undefined,
            feast: pulumi.output(feastUnavailable("iam", "one hour")),
            backupExport: pulumi.output(lake.name).apply((bucket) => ({
                destination: `gs://${bucket}/`,
                schedule: exportSchedule,
                note: "gcloud memorystore backup-collections backups export of the newest automated backup; the export API takes a bucket, not a prefix, so the files are named by the backup",
            })),
            grant: (access) => connectGrant(project, access, instanceNames),
        };
    },
};

/**
 * Connect to the store's instances (the secondary too, for a failover). Memorystore's IAM auth has one
 * data-plane role, so read and read-write are the same grant here; RBAC-style read-only users would need
 * ACL users, which IAM auth replaces. Limited to the store's instances by an IAM condition.
 */
function connectGrant(project: string, access: "read" | "read-write", instances: pulumi.Output<string>[]): AccessGrant {
    return {
        description: `${access} on the feature store (${connectRole}: Memorystore's IAM does not separate reads from writes)`,
        attach: (principal, name, opts) => [
            new gcp.projects.IAMMember(
                name,
                {
                    project,
                    role: connectRole,
                    member: principalOf(principal, "gcp").member,
                    condition: {
                        title: "feature-store-instances",
                        expression: pulumi.all(instances).apply((names) => names.map((n) => `resource.name == "${n}"`).join(" || ")),
                    },
                },
                opts,
            ),
        ],
    };
}

/** The export job's rights: list and export the store's backups. */
function exportGrant(project: string): AccessGrant {
    return {
        description: "list and export the feature store's backups (Memorystore)",
        attach: (principal, name, opts) => [
            new gcp.projects.IAMMember(name, { project, role: "roles/memorystore.admin", member: principalOf(principal, "gcp").member }, opts),
        ],
    };
}
