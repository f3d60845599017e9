import * as pulumi from "@pulumi/pulumi";
import { AccessGrant } from "../shared/grants";
import {
    CloudFeatureStore,
    FeastOnlineStore,
    FeatureStoreAccess,
    FeatureStoreArgs,
    FeatureStoreAuth,
    FeatureStoreExport,
    FeatureStoreImplementation,
    FeatureStoreOutputs,
    FeatureStoreRecoveryPoint,
} from "./contract";

export * from "./contract";

export interface FeatureStoreComponentArgs extends FeatureStoreArgs {
    /** The chosen cloud's implementation (from components/clouds). */
    readonly implementation: FeatureStoreImplementation;
}

/**
 * The online feature store: a Redis-compatible (Valkey) store private to the platform network, TLS
 * and authentication only, encrypted with the platform key, replicated across zones and, where the
 * config asks, copied to the backup region; its backups kept by the service and exported daily into
 * the lake. The same outputs on every cloud.
 */
export class FeatureStore extends pulumi.ComponentResource implements FeatureStoreOutputs {
    readonly host: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly tls = true as const;
    readonly auth: FeatureStoreAuth;
    readonly credential: pulumi.Output<string>;
    readonly clusterMode: boolean;
    readonly replicaHost: pulumi.Output<string | undefined>;
    readonly caCertificates: pulumi.Output<string | undefined>;
    readonly recoveryPoint: FeatureStoreRecoveryPoint | undefined;
    readonly feast: pulumi.Output<FeastOnlineStore>;
    readonly backupExport: pulumi.Output<FeatureStoreExport>;
    private readonly cloud: CloudFeatureStore;

    constructor(name: string, args: FeatureStoreComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:featurestore:FeatureStore", name, {}, opts);
        const { implementation, ...rest } = args;
        if (implementation.cloud !== args.ctx.cloud) {
            throw new Error(`the ${implementation.cloud} feature store was given to a ${args.ctx.cloud} platform`);
        }
        this.cloud = implementation.create(this, rest);
        ({
            host: this.host,
            port: this.port,
            auth: this.auth,
            credential: this.credential,
            clusterMode: this.clusterMode,
            replicaHost: this.replicaHost,
            caCertificates: this.caCertificates,
            recoveryPoint: this.recoveryPoint,
            feast: this.feast,
            backupExport: this.backupExport,
        } = this.cloud);
        this.registerOutputs({
            host: this.host,
            port: this.port,
            tls: this.tls,
            auth: this.auth,
            credential: this.credential,
            clusterMode: this.clusterMode,
            replicaHost: this.replicaHost,
            caCertificates: this.caCertificates,
            recoveryPoint: this.recoveryPoint,
            feast: this.feast,
            backupExport: this.backupExport,
        });
    }

    /** Read or read-write on the store, for a workload identity (as `lake.grant`, `streams.grant`). */
    grant(access: FeatureStoreAccess): AccessGrant {
        return this.cloud.grant(access);
    }
}
