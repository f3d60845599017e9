import { implementationsFor } from "../components/clouds";
import { Platform } from "../components/platform";
import { PlatformContext } from "../components/shared/context";
import { PlatformConfig, platformContext, readPlatformConfig } from "./config";

/**
 * The platform a validated config describes, on the cloud it names: what `program()` builds, for
 * tests and for programs that add their own workloads to it (`platform.cluster.workloadIdentity`, ...).
 */
export function buildPlatform(config: PlatformConfig, ctx: PlatformContext = platformContext(config)): Platform {
    const inference = config.inference && { ...config.inference, pool: config.inference.pool ?? config.kubernetes.gpuPools[0].name };
    return new Platform("platform", {
        ctx,
        implementations: implementationsFor(ctx.cloud),
        lake: config.lake,
        backup: config.backup,
        network: config.network,
        kubernetes: config.kubernetes,
        ...(inference ? { inference } : {}),
        stream: config.stream,
        featureStore: config.featureStore,
        ...(config.airflow ? { airflow: config.airflow } : {}),
    });
}

/**
 * The ai-data-platform program: validate the stack config once, build the platform on the cloud it
 * names, and export what users and other stacks need. Exported outputs are the same on every cloud.
 */
export function program() {
    const config = readPlatformConfig();
    const ctx = platformContext(config);
    const platform = buildPlatform(config, ctx);
    const { lake, lakeBackup: backup, network, cluster, gpuPools, streams, featureStore } = platform;
    return {
        cloud: ctx.cloud,
        environment: ctx.environment,
        region: ctx.region,
        backupRegion: ctx.backupRegion,
        lakeName: lake.name,
        lakeUrl: lake.url,
        lakeKeyId: lake.keyId,
        lakeRegion: lake.region,
        replicaName: backup.replicaName,
        replicaUrl: backup.replicaUrl,
        replicaRegion: backup.replicaRegion,
        backupVaultIds: backup.backupVaultIds,
        backupRetentionDays: backup.backupRetentionDays,
        backupLockMode: backup.backupLockMode,
        // The lake's own default lock; only AWS's Object Lock can be compliance (the config refuses it elsewhere).
        lakeLock: { days: config.lake.lockDays, mode: config.lake.lockDays === 0 ? "none" : config.lake.lockMode },
        recoveryPointObjectiveMinutes: backup.recoveryPointObjectiveMinutes,
        recoveryPointObjectiveBasis: backup.recoveryPointObjectiveBasis,
        networkId: network.networkId,
        privateSubnetIds: network.privateSubnetIds,
        podRange: network.podRange,
        serviceRange: network.serviceRange,
        kubernetesClusterName: cluster.clusterName,
        kubernetesEndpoint: cluster.endpoint,
        kubeconfig: cluster.kubeconfig,
        kubernetesVersion: cluster.version,
        platformNamespace: cluster.namespace,
        gpuPools: gpuPools.pools.map(({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot }) => ({ name, gpu, gpusPerNode, machineType, minNodes, maxNodes, spot })),
        ...(platform.inference ? { inferenceUrl: platform.inference.url } : {}),
        streamBootstrapServers: streams.bootstrapServers,
        streamAuthMechanism: streams.authMechanism,
        kafkaClientProperties: streams.kafkaClientProperties,
        topics: streams.topics,
        deadLetterTopics: streams.deadLetterTopics,
        streamReplicaBootstrapServers: streams.replicaBootstrapServers,
        streamReplicaRecoveryPoint: streams.replicaRecoveryPoint,
        featureStoreHost: featureStore.host,
        featureStorePort: featureStore.port,
        featureStoreTls: featureStore.tls,
        featureStoreAuth: featureStore.auth,
        featureStoreCredential: featureStore.credential,
        featureStoreClusterMode: featureStore.clusterMode,
        featureStoreReplicaHost: featureStore.replicaHost,
        featureStoreCaCertificates: featureStore.caCertificates,
        featureStoreRecoveryPoint: featureStore.recoveryPoint,
        feast: featureStore.feast,
        featureStoreBackupExport: featureStore.backupExport,
        ...(platform.airflow
            ? {
                  airflowUrl: platform.airflow.url,
                  airflowNamespace: platform.airflow.namespace,
                  airflowLogsUrl: platform.airflow.logsUrl,
                  airflowDatabaseHost: platform.airflow.databaseHost,
                  airflowDatabaseRecoveryPoint: platform.airflow.databaseRecoveryPoint,
              }
            : {}),
    };
}
