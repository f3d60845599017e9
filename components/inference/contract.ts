import * as pulumi from "@pulumi/pulumi";
import { GpuPoolsRef } from "../gpu/contract";
import { ClusterRef } from "../kubernetes/contract";
import { LakeOutputs } from "../lake/contract";
import { AccessGrant } from "../shared/grants";

export interface InferenceSettings {
    /** Container image that serves the model over HTTP. */
    readonly image: string;
    readonly gpusPerReplica: number;
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** Port the server listens on. */
    readonly port: number;
    /** Path that answers 200 once the model is loaded. */
    readonly healthPath: string;
    /** GPU pool to run on. */
    readonly pool: string;
    /** CPU and memory each replica requests (the autoscaler scales on CPU, so a request is needed). */
    readonly cpu: string;
    readonly memory: string;
}

/** Scale out when replicas use more than this share of their CPU request. */
export const targetCpuPercent = 70;

export interface InferenceArgs {
    readonly cluster: ClusterRef;
    readonly gpuPools: GpuPoolsRef;
    /** The model store: replicas may read it (and only read it) through workload identity. */
    readonly lake: LakeOutputs & { grant(access: "read"): AccessGrant };
    readonly settings: InferenceSettings;
}

/** The inference service as other capabilities and the program receive it. */
export interface InferenceOutputs {
    readonly serviceName: pulumi.Output<string>;
    readonly namespace: string;
    /** In-cluster URL of the service. */
    readonly url: pulumi.Output<string>;
}
