import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix } from "../shared/context";
import { dataOptions } from "../shared/options";
import { CreateRegionalKey, KeysImplementation, keyDeletionWindowDays, keyRotationDays } from "./contract";

export const createRegionalKey: CreateRegionalKey = (self, ctx, { name, region, provider }) => {
    const identity = aws.getCallerIdentityOutput({}, { parent: self, provider });
    const partition = aws.getPartitionOutput({}, { parent: self, provider });
    const key = new aws.kms.Key(
        name,
        {
            description: `${ctx.project}/${ctx.stack}: data at rest in ${region}`,
            enableKeyRotation: true,
            rotationPeriodInDays: keyRotationDays,
            deletionWindowInDays: keyDeletionWindowDays,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        // Lets IAM policies grant use of the key; S3, AWS Backup and replication roles do.
                        Sid: "AccountAdministersThroughIam",
                        Effect: "Allow",
                        Principal: { AWS: pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root` },
                        Action: "kms:*",
                        Resource: "*",
                    },
                    {
                        // CloudWatch alarms and EventBridge rules publish the backup alerts to an SNS
                        // topic encrypted with this key (components/backup/aws-alerts.ts); SNS asks
                        // KMS for a data key as the publishing service, which IAM cannot authorise.
                        // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
                        Sid: "AlarmsAndEventsPublishToEncryptedTopics",
                        Effect: "Allow",
                        Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                        Resource: "*",
                    },
                    {
                        // Encrypted log groups (cluster control plane, brokers) call KMS as the Logs service.
                        Sid: "CloudWatchLogsInThisAccount",
                        Effect: "Allow",
                        Principal: { Service: `logs.${region}.amazonaws.com` },
                        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                        Resource: "*",
                        Condition: {
                            ArnLike: { "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition.partition}:logs:${region}:${identity.accountId}:log-group:*` },
                        },
                    },
                ],
            }),
        },
        dataOptions(self, provider, ctx),
    );
    const alias = `alias/${namePrefix(ctx)}-${name}`;
    new aws.kms.Alias(name, { name: alias, targetKeyId: key.keyId }, dataOptions(self, provider, ctx, { parent: key }));
    const aliasArn = pulumi.interpolate`arn:${partition.partition}:kms:${region}:${identity.accountId}:${alias}`;
    return { id: key.arn, resourceId: key.arn, region, aliasArn };
};

export const awsKeys: KeysImplementation = { createRegionalKey };
