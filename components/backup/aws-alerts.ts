import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { KeyRef } from "../keys/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { infraOptions } from "../shared/options";

/**
 * AWS Backup's job events (EventBridge, default bus, the region the job runs in: a copy job runs in
 * the source vault's region) and the states that mean a recovery point is missing or incomplete.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html ·
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupJob.html (State) ·
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CopyJob.html (State)
 */
export const backupFailurePattern = {
    source: ["aws.backup"],
    "detail-type": ["Backup Job State Change", "Copy Job State Change"],
    detail: { state: ["FAILED", "ABORTED", "EXPIRED", "PARTIAL"] },
};

/**
 * Where the lake's backup and replication alerts go: an SNS topic in the primary region, encrypted
 * with the platform key (which lets CloudWatch and EventBridge use it: components/keys/aws.ts), fed
 * by an EventBridge rule on failed, aborted, expired or partial backup and copy jobs, and used by the
 * replication alarms as their action. `backup.alertEmail`, when set, is subscribed (AWS mails it a
 * confirmation link first); otherwise subscribe the platform's paging to the topic.
 */
export function backupAlertTopic(self: pulumi.ComponentResource, ctx: PlatformContext, provider: pulumi.ProviderResource, key: KeyRef, alertEmail: string | undefined): aws.sns.Topic {
    const infra = infraOptions(self, provider, ctx);
    const topic = new aws.sns.Topic("backup-alerts", { namePrefix: `${namePrefix(ctx)}-backup-alerts-`, kmsMasterKeyId: key.id, tags: { ...ctx.tags } }, infra);
    const identity = aws.getCallerIdentityOutput({}, { parent: self, provider });
    const rule = new aws.cloudwatch.EventRule(
        "backup-failures",
        {
            namePrefix: `${namePrefix(ctx)}-backup-failures-`,
            description: `${namePrefix(ctx)}: AWS Backup jobs and copies that failed, were aborted, expired or completed only partly`,
            eventPattern: JSON.stringify(backupFailurePattern),
            tags: { ...ctx.tags },
        },
        infra,
    );
    // Only this rule and this account's alarms may publish (confused-deputy conditions, as the SNS
    // and CloudWatch docs give them).
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions
    const policy = new aws.sns.TopicPolicy(
        "backup-alerts",
        {
            arn: topic.arn,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "BackupFailureRule", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: topic.arn, Condition: { ArnEquals: { "aws:SourceArn": rule.arn } } },
                    {
                        Sid: "AlarmsOfThisAccount",
                        Effect: "Allow",
                        Principal: { Service: "cloudwatch.amazonaws.com" },
                        Action: "sns:Publish",
                        Resource: topic.arn,
                        Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
                    },
                ],
            }),
        },
        infraOptions(self, provider, ctx, { parent: topic }),
    );
    new aws.cloudwatch.EventTarget("backup-failures", { rule: rule.name, arn: topic.arn }, infraOptions(self, provider, ctx, { parent: rule, dependsOn: [policy] }));
    if (alertEmail) {
        new aws.sns.TopicSubscription("backup-alerts-email", { topic: topic.arn, protocol: "email", endpoint: alertEmail }, infraOptions(self, provider, ctx, { parent: topic }));
    }
    return topic;
}
