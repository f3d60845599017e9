// Conventions the platform's program and this policy pack must agree on: how GPU nodes are marked,
// how dead-letter topics are named, which Kafka settings mean what. They live here, inside the pack,
// because `pulumi policy publish` packs policy/ alone; the program imports them from here, so each
// convention has one home.

/** The taint every GPU pool carries; a pod needs the matching toleration to land there. */
export const gpuTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

export const gpuTaintString = `${gpuTaint.key}=${gpuTaint.value}:${gpuTaint.effect}`;

/** Node labels of a GPU pool: the pool's name and its GPU model. */
export const gpuLabelKeys = { pool: "ai-data-platform/gpu-pool", model: "ai-data-platform/gpu" } as const;

/**
 * Azure VM sizes with GPUs or FPGAs: the N families. NP sizes carry FPGAs, not GPUs.
 * https://learn.microsoft.com/azure/virtual-machines/sizes/overview#gpu-accelerated
 */
export function isGpuVmSize(size: string): boolean {
    return /^Standard_N(?!P)/i.test(size);
}

/** The dead-letter topic of a topic. */
export function deadLetterTopic(topic: string): string {
    return `${topic}.dlq`;
}

const msPerHour = 3_600_000;

/** Hours in a Kafka `retention.ms` value; -1 keeps messages forever. */
export function retentionHoursOf(retentionMs: unknown): number | undefined {
    if (retentionMs === undefined || retentionMs === null || retentionMs === "") {
        return undefined;
    }
    const ms = Number(retentionMs);
    if (!Number.isFinite(ms)) {
        return undefined;
    }
    return ms < 0 ? Infinity : ms / msPerHour;
}

/** `retention.ms` for a number of hours. */
export function retentionMsOf(hours: number): string {
    return String(hours * msPerHour);
}

/**
 * Replication factor a topic created without one gets on Google's Managed Service for Apache Kafka
 * ("The default number of replicas is 3").
 * https://cloud.google.com/managed-service-for-apache-kafka/docs/plan-cluster-size
 */
export const gcpServiceDefaultReplicationFactor = 3;

/** The MirrorMaker 2 connector that copies topics from one Kafka cluster to another. */
export const mirrorSourceConnectorClass = "org.apache.kafka.connect.mirror.MirrorSourceConnector";

/**
 * The SASL listener of a Managed Kafka cluster (TLS with SASL authentication).
 * https://pub.dev/documentation/googleapis/latest/managedkafka_v1/Cluster/bootstrapAddress.html
 */
export const gcpKafkaSaslPort = 9092;

/**
 * The DNS domain of a Managed Kafka cluster's Private Service Connect endpoints, in the form the API
 * documents for MirrorMaker's `dnsDomainNames` (`my-kafka-cluster.us-central1.managedkafka.my-project.cloud.goog`).
 */
export function gcpKafkaDnsDomain(clusterId: string, region: string, project: string): string {
    return `${clusterId}.${region}.managedkafka.${project}.cloud.goog`;
}

/** A Managed Kafka cluster's bootstrap address in its documented form (`bootstrap.CLUSTER.REGION.managedkafka.PROJECT.cloud.goog:9092`). */
export function gcpKafkaBootstrapAddress(clusterId: string, region: string, project: string): string {
    return `bootstrap.${gcpKafkaDnsDomain(clusterId, region, project)}:${gcpKafkaSaslPort}`;
}

/**
 * Longest automated-backup retention each managed PostgreSQL service allows, in days: a database
 * keeps min(backup.retentionDays, cap). RDS 35
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.BackupRetention.html),
 * Cloud SQL 365 daily backups (https://cloud.google.com/sql/docs/postgres/backup-recovery/backups#retained-backups),
 * Azure Database for PostgreSQL flexible server 35
 * (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore#backup-retention).
 */
export const postgresBackupRetentionCaps = { rds: 35, cloudSql: 365, azureFlexibleServer: 35 } as const;

/**
 * Longest automatic-backup retention each managed feature store (Valkey) allows, in days: a store
 * keeps min(backupRetentionDays, cap). ElastiCache snapshots 35
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html), Memorystore for
 * Valkey automated backups 1 to 365 (https://cloud.google.com/memorystore/docs/valkey/automated-backups).
 */
export const featureStoreBackupRetentionCaps = { elastiCache: 35, memorystore: 365 } as const;

/** The official Apache Airflow chart: its Helm repository and chart name. */
export const airflowChart = { repository: "https://airflow.apache.org", name: "airflow" } as const;
