import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gpuLabelKeys, gpuResource } from "../gpu/labels";
import { InferenceArgs, InferenceOutputs, targetCpuPercent } from "./contract";

export * from "./contract";

/**
 * A GPU inference service: a Deployment on the GPU pool (toleration + selector), readiness,
 * liveness and startup probes, a Service, a HorizontalPodAutoscaler on CPU and a
 * PodDisruptionBudget. The same manifests on every cloud: only the cluster under them differs.
 */
export class InferenceService extends pulumi.ComponentResource implements InferenceOutputs {
    readonly serviceName: pulumi.Output<string>;
    readonly namespace: string;
    /** In-cluster URL of the service. */
    readonly url: pulumi.Output<string>;

    constructor(name: string, args: InferenceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ai-data-platform:kubernetes:InferenceService", name, {}, opts);
        const { cluster, settings: s } = args;
        const pool = args.gpuPools.pools.find((p) => p.name === s.pool);
        if (!pool) {
            throw new Error(`inference.pool ${s.pool} is not a GPU pool; the config check should have refused it`);
        }
        const k8sOpts = (extra: pulumi.CustomResourceOptions = {}) => ({ parent: this, provider: cluster.provider, ...extra });
        const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "ai-data-platform" };
        const identity = cluster.workloadIdentity(`${name}-reader`, { serviceAccount: name, grants: [args.lake.grant("read")] });

        const deployment = new k8s.apps.v1.Deployment(
            name,
            {
                metadata: { name, namespace: cluster.namespace, labels },
                spec: {
                    // No replica count here: the autoscaler owns it, and a count in the manifest would
                    // reset it on every `pulumi up`.
                    selector: { matchLabels: labels },
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    template: {
                        metadata: { labels: { ...labels, ...identity.podLabels } },
                        spec: {
                            serviceAccountName: identity.serviceAccountName,
                            nodeSelector: { [gpuLabelKeys.pool]: pool.name },
                            tolerations: pool.tolerations.map((t) => ({ ...t })),
                            // Replicas spread over zones, so a zone outage leaves some serving.
                            topologySpreadConstraints: [
                                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
                            ],
                            terminationGracePeriodSeconds: 60,
                            containers: [
                                {
                                    name: "server",
                                    image: s.image,
                                    ports: [{ name: "http", containerPort: s.port }],
                                    env: [{ name: "LAKE_URL", value: args.lake.url }],
                                    resources: {
                                        requests: { cpu: s.cpu, memory: s.memory, [gpuResource]: String(s.gpusPerReplica) },
                                        limits: { memory: s.memory, [gpuResource]: String(s.gpusPerReplica) },
                                    },
                                    // Loading a model can take minutes: the startup probe holds the others off until then.
                                    startupProbe: { httpGet: { path: s.healthPath, port: "http" }, periodSeconds: 10, failureThreshold: 60 },
                                    readinessProbe: { httpGet: { path: s.healthPath, port: "http" }, periodSeconds: 10, failureThreshold: 3 },
                                    livenessProbe: { httpGet: { path: s.healthPath, port: "http" }, periodSeconds: 20, failureThreshold: 3 },
                                    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                                },
                            ],
                        },
                    },
                },
            },
            // With a pool at zero nodes, the first rollout waits for a GPU node to boot and pull the image.
            k8sOpts({ dependsOn: [cluster.namespaceResource, ...args.gpuPools.ready], customTimeouts: { create: "30m", update: "30m" } }),
        );
        const service = new k8s.core.v1.Service(
            name,
            { metadata: { name, namespace: cluster.namespace, labels }, spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
            k8sOpts({ dependsOn: [cluster.namespaceResource] }),
        );
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(
            name,
            {
                metadata: { name, namespace: cluster.namespace, labels },
                spec: {
                    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                    minReplicas: s.minReplicas,
                    maxReplicas: s.maxReplicas,
                    metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: targetCpuPercent } } }],
                },
            },
            k8sOpts(),
        );
        new k8s.policy.v1.PodDisruptionBudget(
            name,
            // One replica at a time may go: drains (and GPU nodes scaling in) proceed, never all at once.
            { metadata: { name, namespace: cluster.namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
            k8sOpts({ dependsOn: [cluster.namespaceResource] }),
        );
        this.namespace = cluster.namespace;
        this.serviceName = service.metadata.name;
        this.url = pulumi.interpolate`http://${service.metadata.name}.${cluster.namespace}.svc.cluster.local`;
        this.registerOutputs({ serviceName: this.serviceName, namespace: this.namespace, url: this.url });
    }
}
