import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterRef as KubernetesCluster } from "../kubernetes/contract";
import { AccessGrant } from "../shared/grants";
import { exportSchedule } from "./contract";

export interface ExportJobArgs {
    readonly cluster: KubernetesCluster;
    /** The cloud CLI image, pinned (each cloud's file names the pin's source). */
    readonly image: string;
    /** A POSIX shell script: the cloud's export call, with what it needs in `env`. */
    readonly script: string;
    readonly env: Readonly<Record<string, pulumi.Input<string>>>;
    /** What the job's identity may do: start the export, and (where the cloud needs it) write to the lake. */
    readonly grants: readonly AccessGrant[];
    /** Writable config directories the CLI needs (HOME and friends): the image's defaults are root's. */
    readonly cliEnv?: Readonly<Record<string, string>>;
}

/** The Kubernetes service account (and cloud identity) the export runs as. */
export const exportServiceAccount = "feature-store-export";

/**
 * A daily CronJob in the platform namespace that asks the cloud to export the store's latest backup
 * into the lake, as a workload identity (no static keys). The cloud copies the data; the pod only makes
 * the call, so it needs no memory or disk to speak of. A failed run retries twice, then waits for the
 * next day; an export still running is not started again.
 */
export function exportCronJob(parent: pulumi.Resource, name: string, args: ExportJobArgs): k8s.batch.v1.CronJob {
    const { cluster } = args;
    const identity = cluster.workloadIdentity(`${name}-identity`, { serviceAccount: exportServiceAccount, grants: args.grants });
    const labels = { "app.kubernetes.io/name": exportServiceAccount, "app.kubernetes.io/part-of": "ai-data-platform" };
    const env = Object.entries({ HOME: "/tmp", ...(args.cliEnv ?? {}), ...args.env }).map(([n, value]) => ({ name: n, value }));
    return new k8s.batch.v1.CronJob(
        name,
        {
            metadata: { name: exportServiceAccount, namespace: cluster.namespace, labels },
            spec: {
                schedule: exportSchedule,
                timeZone: "Etc/UTC",
                concurrencyPolicy: "Forbid",
                startingDeadlineSeconds: 3600,
                successfulJobsHistoryLimit: 3,
                failedJobsHistoryLimit: 5,
                jobTemplate: {
                    spec: {
                        backoffLimit: 2,
                        activeDeadlineSeconds: 4 * 3600,
                        template: {
                            metadata: { labels: { ...labels, ...identity.podLabels } },
                            spec: {
                                serviceAccountName: identity.serviceAccountName,
                                restartPolicy: "Never",
                                securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
                                containers: [
                                    {
                                        name: "export",
                                        image: args.image,
                                        command: ["/bin/sh", "-ec", args.script],
                                        env,
                                        resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                                        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        },
        { parent, provider: cluster.provider, dependsOn: [cluster.namespaceResource] },
    );
}
