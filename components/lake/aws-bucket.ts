import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "../shared/aws-iam";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { abortIncompleteUploadDays, Store, StoreArgs } from "./contract";

/**
 * The archive class the lifecycle moves objects to. S3 Glacier Instant Retrieval: it is among the
 * classes AWS Backup backs up (S3 Standard, Standard-IA, One Zone-IA, Glacier Instant Retrieval,
 * Intelligent-Tiering: "Supported S3 storage classes" in
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html), while objects in Glacier
 * Flexible Retrieval or Deep Archive are skipped, so a GLACIER archive would leave every object
 * older than archiveAfterDays out of the daily backups (jobs "completed with issues"). It keeps
 * millisecond reads; its minimum storage duration is 90 days.
 */
export const lakeArchiveClass = "GLACIER_IR";

export interface ProtectedBucket extends Store {
    readonly bucket: aws.s3.Bucket;
    /** Versioning must be on before replication or noncurrent-version rules are configured. */
    readonly versioning: aws.s3.BucketVersioning;
}

/**
 * An S3 bucket with every protection the lake needs, used for the lake and for its replica so both
 * carry the same ones. S3 splits these settings into resources of their own; each names the bucket
 * through the bucket's own output, which is how the policy pack ties them back to it.
 */
export function protectedBucket(parent: pulumi.ComponentResource, name: string, args: StoreArgs): ProtectedBucket {
    const { ctx, provider, key, settings } = args;
    const data = (extra: ExtraOptions = {}) => dataOptions(parent, provider, ctx, extra);

    // A name fixed by account and region (not a random suffix) is known during a preview, so the
    // bucket policy and the replication rule that name the bucket can be checked before deploying.
    const accountId = aws.getCallerIdentityOutput({}, { parent, provider }).accountId;
    const partition = partitionOf(parent, provider);
    const bucket = new aws.s3.Bucket(
        name,
        {
            bucket: pulumi.interpolate`${namePrefix(ctx)}-${args.role}-${accountId}-${key.region}`,
            // The provider's region, stated so that a first preview's outputs hold it for the
            // cross-region replica check: left out it is a computed output (the provider plans it
            // from its own region; the offline preview holds it unknown, which stops the check).
            region: key.region,
            // Object Lock can only be switched on when the bucket is created.
            objectLockEnabled: true,
            // Dev empties the bucket on destroy, locked-in-governance objects included; prod never does.
            forceDestroy: !ctx.retainData,
        },
        data(),
    );
    const child = (extra: ExtraOptions = {}) => data({ parent: bucket, ...extra });
    const id = bucket.bucket;
    const arn = pulumi.interpolate`arn:${partition}:s3:::${bucket.bucket}`;

    // ACLs off: access is decided by IAM and the bucket policy alone.
    new aws.s3.BucketOwnershipControls(name, { bucket: id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child());
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
        name,
        { bucket: id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        child(),
    );
    const versioning = new aws.s3.BucketVersioning(name, { bucket: id, versioningConfiguration: { status: "Enabled" } }, child());
    new aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        {
            bucket: id,
            rules: [
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.id },
                    // One data key per bucket instead of per object: far fewer KMS calls, same key.
                    bucketKeyEnabled: true,
                    // A customer-provided key would sidestep the platform key (and its rotation and audit).
                    blockedEncryptionTypes: ["SSE-C"],
                },
            ],
        },
        child(),
    );
    new aws.s3.BucketLifecycleConfiguration(
        name,
        {
            bucket: id,
            rules: [
                {
                    id: "tiering-and-expiry",
                    status: "Enabled",
                    // The whole bucket: `prefix: ""` is what the provider makes of an empty filter,
                    // stated so the tiering check reads it (unset, the prefix is a computed output,
                    // which the offline preview holds unknown).
                    filter: { prefix: "" },
                    transitions: [
                        { days: settings.coldAfterDays, storageClass: "STANDARD_IA" },
                        { days: settings.archiveAfterDays, storageClass: lakeArchiveClass },
                    ],
                    noncurrentVersionExpiration: { noncurrentDays: settings.noncurrentVersionDays },
                    abortIncompleteMultipartUpload: { daysAfterInitiation: abortIncompleteUploadDays },
                    // Once every version behind a delete marker has expired, the marker itself goes too.
                    expiration: { expiredObjectDeleteMarker: true },
                },
            ],
        },
        child({ dependsOn: [versioning] }),
    );
    if (settings.lockDays > 0) {
        new aws.s3.BucketObjectLockConfiguration(
            name,
            {
                bucket: id,
                objectLockEnabled: "Enabled",
                rule: { defaultRetention: { mode: settings.lockMode === "compliance" ? "COMPLIANCE" : "GOVERNANCE", days: settings.lockDays } },
            },
            child({ dependsOn: [versioning] }),
        );
    }
    new aws.s3.BucketPolicy(
        name,
        {
            bucket: id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyPlainHttp",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, pulumi.interpolate`${arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        Sid: "DenyTlsOlderThan12",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [arn, pulumi.interpolate`${arn}/*`],
                        Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
                    },
                    // The default encryption above (the platform key, with an S3 Bucket Key) applies to
                    // a write that names no encryption; these refuse one that names another: SSE-S3,
                    // `aws:kms` without a key (S3 then uses the AWS managed key aws/s3:
                    // "x-amz-server-side-encryption-aws-kms-key-id" in
                    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html), or any key but
                    // the platform key's alias (see encryptionDenials).
                    ...encryptionDenials(arn, platformKeyNames(key)),
                ],
            }),
        },
        // S3 rejects a bucket policy while the public access block is still being applied.
        child({ dependsOn: [publicAccess] }),
    );

    return {
        bucket,
        versioning,
        // Replication and AWS Backup both require versioning on before they are configured.
        ready: [versioning],
        name: bucket.bucket,
        url: pulumi.interpolate`s3://${bucket.bucket}`,
        keyId: key.id,
        region: key.region,
        resourceId: arn,
    };
}

/**
 * The names under which a writer may name the platform key: its alias, as an ARN or as `alias/NAME`.
 * Not the key's own ARN: it is unknown until the key exists, and naming it would leave the whole
 * policy document unknown during a first preview, where the transport policy reads it
 * (docs/policies.md). A writer that names no key gets the platform key by default encryption, which
 * is what the platform's own writers do (Firehose delivers without an encryption setting of its own).
 */
function platformKeyNames(key: StoreArgs["key"]): pulumi.Output<string[]> {
    if (!key.aliasArn) {
        throw new Error("an AWS platform key has an alias ARN");
    }
    return key.aliasArn.apply((a) => [a, a.slice(a.indexOf(":alias/") + 1)]);
}

/**
 * Bucket-policy statements that refuse object writes (PutObject, which also authorizes multipart
 * uploads and copies) that name an encryption other than SSE-KMS under one of `keyNames`. Each
 * condition block pairs the comparison with `Null: "false"`, so it applies only when the request
 * carries the header: a negated comparison (and every `…IfExists` one) is true for a missing key,
 * which would refuse the writes that rely on default encryption ("If the key that you specify in a
 * policy condition is not present in the request context … the condition is true" for negated
 * operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 * S3 evaluates the bucket policy on the headers as sent, before default encryption applies
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html). Replication writes
 * with s3:ReplicateObject, which these do not cover.
 */
function encryptionDenials(bucketArn: pulumi.Input<string>, keyNames: pulumi.Input<string[]>): object[] {
    const deny = (Sid: string, Condition: object) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: pulumi.interpolate`${bucketArn}/*`, Condition });
    const sse = "s3:x-amz-server-side-encryption";
    const keyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";
    return [
        deny("DenyEncryptionOtherThanKms", { StringNotEquals: { [sse]: "aws:kms" }, Null: { [sse]: "false" } }),
        deny("DenyKmsWithoutKey", { StringEquals: { [sse]: "aws:kms" }, Null: { [keyId]: "true" } }),
        deny("DenyKeyOtherThanPlatformKey", { StringNotEquals: { [keyId]: keyNames }, Null: { [keyId]: "false" } }),
    ];
}
