import { Policies } from "@pulumi/policy";
import { airflowDatabaseEncryptionCmk } from "./rules/airflow-database-encryption-cmk";
import { airflowDatabaseBackups } from "./rules/airflow-database-backups";
import { airflowDatabasePrivate } from "./rules/airflow-database-private";
import { airflowDatabaseDeletionProtection } from "./rules/airflow-database-deletion-protection";
import { airflowNoEmbeddedDatabase } from "./rules/airflow-no-embedded-database";
import { airflowRemoteLogging } from "./rules/airflow-remote-logging";
import { airflowExecutor } from "./rules/airflow-executor";
import { airflowTaskRetries } from "./rules/airflow-task-retries";
import { airflowChartPinned } from "./rules/airflow-chart-pinned";
import { backupRetention } from "./rules/backup-retention";
import { dataRetainedOnDelete } from "./rules/data-retained-on-delete";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { storageCrossRegionReplica } from "./rules/storage-cross-region-replica";
import { storageDefaultImmutability } from "./rules/storage-default-immutability";
import { storageEncryptionCmk } from "./rules/storage-encryption-cmk";
import { storageLifecycleTiering } from "./rules/storage-lifecycle-tiering";
import { storagePublicAccessBlocked } from "./rules/storage-public-access-blocked";
import { storageSecureTransport } from "./rules/storage-secure-transport";
import { storageVersioning } from "./rules/storage-versioning";
import { gpuPoolScaleToZeroSpot } from "./rules/gpu-pool-scale-to-zero-spot";
import { gpuPoolTainted } from "./rules/gpu-pool-tainted";
import { kubernetesApiNotPublic } from "./rules/kubernetes-api-not-public";
import { kubernetesAuditLogging } from "./rules/kubernetes-audit-logging";
import { kubernetesMinimumVersion } from "./rules/kubernetes-minimum-version";
import { kubernetesNodeDiskEncryption } from "./rules/kubernetes-node-disk-encryption";
import { kubernetesSecretsEncryptionCmk } from "./rules/kubernetes-secrets-encryption-cmk";
import { streamAuthenticatedAccess } from "./rules/stream-authenticated-access";
import { streamCrossRegionReplication } from "./rules/stream-cross-region-replication";
import { streamDeadLetterTopics } from "./rules/stream-dead-letter-topics";
import { streamEncryptionInTransit } from "./rules/stream-encryption-in-transit";
import { streamPrivateAccess } from "./rules/stream-private-access";
import { streamReplicationDurability } from "./rules/stream-replication-durability";
import { streamRetention } from "./rules/stream-retention";

/** Every policy of the pack. Kept apart from index.ts because constructing a PolicyPack starts a server. */
export const policies: Policies = [
    storageEncryptionCmk,
    kmsKeyRotation,
    storageVersioning,
    storagePublicAccessBlocked,
    storageSecureTransport,
    storageLifecycleTiering,
    storageDefaultImmutability,
    storageCrossRegionReplica,
    backupRetention,
    dataRetainedOnDelete,
    kubernetesApiNotPublic,
    kubernetesSecretsEncryptionCmk,
    kubernetesAuditLogging,
    kubernetesNodeDiskEncryption,
    gpuPoolTainted,
    gpuPoolScaleToZeroSpot,
    kubernetesMinimumVersion,
    streamEncryptionInTransit,
    streamRetention,
    streamDeadLetterTopics,
    streamReplicationDurability,
    streamPrivateAccess,
    streamAuthenticatedAccess,
    streamCrossRegionReplication,
    airflowDatabaseEncryptionCmk,
    airflowDatabaseBackups,
    airflowDatabasePrivate,
    airflowDatabaseDeletionProtection,
    airflowNoEmbeddedDatabase,
    airflowRemoteLogging,
    airflowExecutor,
    airflowTaskRetries,
    airflowChartPinned,
];

export const packName = "ai-data-platform";
/** Without a --policy-pack-config, every policy blocks; policy/config/dev.json relaxes dev to advisory. */
export const packEnforcementLevel = "mandatory" as const;
