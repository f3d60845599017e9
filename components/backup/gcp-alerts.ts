import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix, PlatformContext } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { infraOptions } from "../shared/options";

/**
 * Storage Transfer Service metrics (Cloud Monitoring, on for every project at no charge), all INT64
 * delta counts on the `storage_transfer_job` resource, whose `job_id` label is the job's name
 * (`transferJobs/…`). https://cloud.google.com/storage-transfer/docs/monitor-transfer-jobs
 */
const metric = (name: string) => `storagetransfer.googleapis.com/transferjob/${name}`;

/** The Cloud Monitoring filter for one metric of one job, and only its `failed` series when asked. */
export function transferJobFilter(jobName: string, metricName: string, failedOnly: boolean): string {
    const filter = `resource.type = "storage_transfer_job" AND resource.label.job_id = "${jobName}" AND metric.type = "${metric(metricName)}"`;
    return failedOnly ? `${filter} AND metric.label.status = "failed"` : filter;
}

/** What one job's failures look like in those metrics. */
export interface WatchedJob {
    /** Resource name suffix and what the alert calls the job. */
    readonly name: string;
    readonly title: string;
    readonly job: gcp.storage.TransferJob;
    /** The per-object failure count of this kind of job, and what the runbook says to do about it. */
    readonly failedObjects: { readonly metric: string; readonly action: string };
}

/** The daily copy into the backup bucket: a transfer job, whose failed objects are `copied_objects_count{status=failed}`. */
export const dailyCopyFailures = { metric: "copied_objects_count", action: "The objects are copied on the next daily run if the cause is gone; check the operation's error breakdown." };
/** Cross-bucket replication: failed objects are `object_replication_count{status=failed}`. */
export const replicationFailures = { metric: "object_replication_count", action: "Replication does not retry an object on its own: copy the failed objects again (a one-time transfer job)." };

/**
 * One alert policy per transfer job: any error the job reports (`error_count`, the operation's
 * ErrorSummary: a permission, a key, a retention policy refusing a write) or any object it failed to
 * copy. An alert opens an incident in Cloud Monitoring; it is mailed only when the stack names
 * `backup.alertEmail` (an email notification channel, which Google verifies by mailing it).
 *
 * Not alerted on: how far replication lags. Google documents `replication_latency` and
 * `replication_start_latency` but not their value type, which a threshold condition must match to be
 * accepted, and states no bound to compare them with (docs/verify-on-first-deploy.md).
 */
export function transferAlerts(self: pulumi.ComponentResource, ctx: PlatformContext, provider: pulumi.ProviderResource, alertEmail: string | undefined, jobs: readonly WatchedJob[]): gcp.monitoring.AlertPolicy[] {
    const project = gcpProjectOf(ctx);
    const prefix = namePrefix(ctx);
    const options = infraOptions(self, provider, ctx);
    const channel = alertEmail
        ? new gcp.monitoring.NotificationChannel(
              "backup-alerts",
              { project, type: "email", displayName: `${prefix}: backups of the lake`, labels: { email_address: alertEmail }, userLabels: { ...ctx.tags } },
              options,
          )
        : undefined;
    return jobs.map(({ name, title, job, failedObjects }) => {
        // Deltas summed over 5 minutes; any failure at all opens the incident.
        const anyOf = (filter: pulumi.Input<string>) => ({
            filter,
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: "0s",
            aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_SUM" }],
        });
        return new gcp.monitoring.AlertPolicy(
            `${name}-failures`,
            {
                project,
                displayName: `${prefix}: ${title} failed`,
                combiner: "OR",
                severity: "ERROR",
                conditions: [
                    { displayName: `${title}: errors`, conditionThreshold: anyOf(job.name.apply((id) => transferJobFilter(id, "error_count", false))) },
                    {
                        displayName: `${title}: objects not copied`,
                        conditionThreshold: anyOf(job.name.apply((id) => transferJobFilter(id, failedObjects.metric, true))),
                    },
                ],
                documentation: {
                    mimeType: "text/markdown",
                    content: `${title} (${prefix}, ${ctx.region} to ${ctx.backupRegion}) reported failures. ${failedObjects.action} See docs/runbooks.md.`,
                },
                notificationChannels: channel ? [channel.name] : [],
                userLabels: { ...ctx.tags },
            },
            options,
        );
    });
}
