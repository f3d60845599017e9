import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { principalOf } from "../shared/grants";
import { CreateLakeGrant } from "./contract";

export const lakeGrant: CreateLakeGrant = (lake, access) => ({
    description: `${access} on the lake`,
    attach: (principal, name, opts) => {
        const { roleName } = principalOf(principal, "aws");
        const objects = pulumi.interpolate`${lake.resourceId}/*`;
        const write = access === "read-write";
        return [
            new aws.iam.RolePolicy(
                name,
                {
                    role: roleName,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: lake.resourceId },
                            {
                                Effect: "Allow",
                                Action: ["s3:GetObject", "s3:GetObjectVersion", ...(write ? ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"] : [])],
                                Resource: objects,
                            },
                            {
                                // Objects are encrypted with the platform key; S3 uses it on the caller's behalf only.
                                Effect: "Allow",
                                Action: ["kms:Decrypt", ...(write ? ["kms:GenerateDataKey"] : [])],
                                Resource: lake.keyId,
                                Condition: { StringLike: { "kms:ViaService": `s3.${lake.region}.amazonaws.com` } },
                            },
                        ],
                    }),
                },
                opts,
            ),
        ];
    },
});
