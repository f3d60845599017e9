import * as pulumi from "@pulumi/pulumi";
import { Airflow, AirflowSettings } from "../airflow";
import { BackupSettings, LakeBackup } from "../backup";
import { CloudImplementations } from "../clouds/contract";
import { GpuNodePools, GpuPoolSettings } from "../gpu";
import { InferenceService, InferenceSettings } from "../inference";
import { EncryptionKeys } from "../keys";
import { KubernetesCluster, KubernetesSettings } from "../kubernetes";
import { DataLake, LakeSettings } from "../lake";
import { Network, NetworkSettings } from "../network";
import { CloudProviders } from "../providers";
import { PlatformContext } from "../shared/context";
import { FeatureStore, FeatureStoreSettings } from "../feature-store";
import { EventStreams } from "../stream";
import { StreamSettings } from "../stream/contract";

export interface PlatformArgs {
    readonly ctx: PlatformContext;
    /** The cloud ctx.cloud names, as `implementationsFor(ctx.cloud)` (components/clouds) loads it. */
    readonly implementations: CloudImplementations;
    readonly lake: LakeSettings;
    readonly backup: BackupSettings;
    readonly network: NetworkSettings;
    readonly kubernetes: KubernetesSettings & { gpuPools: readonly GpuPoolSettings[] };
    /** Off unless configured. */
    readonly inference?: InferenceSettings;
    readonly stream: StreamSettings;
    readonly featureStore: FeatureStoreSettings;
    /** Off unless configured. */
    readonly airflow?: AirflowSettings;
}

/**
 * The whole platform for one stack, on the cloud its config names. Capabilities sit side by side
 * and take what they need from each other (providers, keys, network, lake, cluster); none branches
 * on the cloud: each gets its part of `implementations`.
 */
export class Platform extends pulumi.ComponentResource {
    readonly providers: CloudProviders;
    readonly keys: EncryptionKeys;
    readonly lake: DataLake;
    readonly lakeBackup: LakeBackup;
    readonly network: Network;
    readonly cluster: KubernetesCluster;
    readonly gpuPools: GpuNodePools;
    readonly inference?: InferenceService;
    readonly streams: EventStreams;
    readonly featureStore: FeatureStore;
    readonly airflow?: Airflow;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:index:Platform", name, {}, opts);
        const { ctx, implementations: cloud } = args;
        const parent = { parent: this };
        this.providers = new CloudProviders("providers", { ctx, implementation: cloud.providers }, parent);
        const providers = this.providers;
        this.keys = new EncryptionKeys("keys", { ctx, providers, implementation: cloud.keys }, parent);
        const keys = this.keys;
        this.lake = new DataLake("lake", { ctx, providers, keys, settings: args.lake, implementation: cloud.lake }, parent);
        this.lakeBackup = new LakeBackup("lake-backup", { ctx, providers, keys, lake: this.lake, lakeSettings: args.lake, settings: args.backup, implementation: cloud.backup }, parent);
        this.network = new Network("network", { ctx, providers, settings: args.network, implementation: cloud.network }, parent);
        const network = this.network;
        this.cluster = new KubernetesCluster("cluster", { ctx, providers, keys, network, settings: args.kubernetes, implementation: cloud.kubernetes }, parent);
        this.gpuPools = new GpuNodePools("gpu-pools", { ctx, cluster: this.cluster, pools: args.kubernetes.gpuPools, implementation: cloud.gpu }, parent);
        if (args.inference) {
            this.inference = new InferenceService("inference", { cluster: this.cluster, gpuPools: this.gpuPools, lake: this.lake, settings: args.inference }, parent);
        }
        this.streams = new EventStreams("streams", { ctx, providers, keys, network, lake: this.lake, settings: args.stream, implementation: cloud.stream }, parent);
        this.featureStore = new FeatureStore(
            "feature-store",
            {
                ctx,
                providers,
                keys,
                network,
                lake: this.lake,
                cluster: this.cluster,
                settings: args.featureStore,
                backupRetentionDays: args.backup.retentionDays,
                implementation: cloud.featureStore,
            },
            parent,
        );
        if (args.airflow) {
            const streams = this.streams;
            this.airflow = new Airflow(
                "airflow",
                {
                    ctx,
                    settings: args.airflow,
                    retentionDays: args.backup.retentionDays,
                    implementation: cloud.airflow,
                    providers,
                    keys,
                    network,
                    cluster: this.cluster,
                    lake: this.lake,
                    platform: {
                        lakeUrl: this.lake.url,
                        bootstrapServers: streams.bootstrapServers,
                        topics: streams.topics,
                        deadLetterTopics: streams.deadLetterTopics,
                        kafkaClientProperties: streams.kafkaClientProperties,
                        featureStore: {
                            host: this.featureStore.host,
                            port: this.featureStore.port,
                            auth: this.featureStore.auth,
                            clusterMode: this.featureStore.clusterMode,
                            caCertificates: this.featureStore.caCertificates,
                            credential: this.featureStore.credential,
                            grant: this.featureStore.grant("read-write"),
                        },
                    },
                },
                parent,
            );
        }
        this.registerOutputs({});
    }
}
