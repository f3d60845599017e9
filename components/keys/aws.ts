import * as aws from "@pulumi/aws";
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
    new aws.kms.Alias(name, { name: `alias/${namePrefix(ctx)}-${name}`, targetKeyId: key.keyId }, dataOptions(self, provider, ctx, { parent: key }));
    return { id: key.arn, resourceId: key.arn, region };
};

export const awsKeys: KeysImplementation = { createRegionalKey };
