import { createHash } from "crypto";
import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { LakeOutputs } from "../lake/contract";
import { serviceTrust } from "../shared/aws-iam";
import { PlatformContext } from "../shared/context";
import { ExtraOptions, infraOptions } from "../shared/options";
import { mskResourceArn } from "./aws-msk";
import { TopicSettings } from "./topics";

/** Where a topic's messages land in the lake: `streams/<topic>/year=YYYY/month=MM/day=DD/`. */
export const archivePrefix = "streams";
/** Where records Firehose could not deliver or process land, by error type and date. */
export const archiveErrorPrefix = "streams-errors";

/**
 * Custom S3 prefixes with the `!{timestamp:…}` namespace partition objects by the UTC arrival date;
 * a prefix with expressions needs an error prefix, which must contain `!{firehose:error-output-type}`.
 * https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html
 */
export function archivePrefixes(topic: string): { prefix: string; errorOutputPrefix: string } {
    const date = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";
    return {
        prefix: `${archivePrefix}/${topic}/${date}`,
        errorOutputPrefix: `${archiveErrorPrefix}/${topic}/!{firehose:error-output-type}/${date}`,
    };
}

/**
 * A Firehose stream name (1-64 of letters, digits, `.`, `_`, `-`, unique in the account and region)
 * for one topic: readable while it fits, cut with a hash of the whole when it does not.
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_CreateDeliveryStream.html
 */
export function deliveryStreamName(prefix: string, topic: string): string {
    const full = `${prefix}-${topic}`;
    if (full.length <= 64) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    return `${full.slice(0, 64 - hash.length - 1)}-${hash}`;
}

/**
 * What the cluster's policy must grant Firehose to read a private cluster: its service principal may
 * create the managed VPC connection. https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#access-to-msk
 */
export function firehoseClusterStatement(clusterArn: pulumi.Input<string>): object {
    return {
        Sid: "FirehoseConnectsPrivately",
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: ["kafka:CreateVpcConnection"],
        Resource: clusterArn,
    };
}

export interface ArchiveArgs {
    readonly ctx: PlatformContext;
    readonly provider: pulumi.ProviderResource;
    readonly prefix: string;
    readonly clusterArn: pulumi.Output<string>;
    /** Every topic to archive, with the resource that creates it (Firehose reads an existing topic only). */
    readonly topics: readonly { readonly settings: TopicSettings; readonly resource: pulumi.Resource }[];
    readonly lake: LakeOutputs;
    readonly accountId: pulumi.Output<string>;
    /** The cluster policy that lets Firehose open its private connection to the cluster. */
    readonly clusterPolicy: pulumi.Resource;
}

export interface Archive {
    readonly role: aws.iam.Role;
    readonly deliveryStreams: aws.kinesis.FirehoseDeliveryStream[];
}

/**
 * Amazon Data Firehose with MSK as source, one stream per topic (an MSK source reads exactly one
 * topic), into the lake: partitioned by date, one record per line, compressed, encrypted with the
 * lake's key. Firehose reaches the private cluster through multi-VPC private connectivity (turned on
 * for IAM by the cluster) and the cluster policy granting it kafka:CreateVpcConnection.
 * https://docs.aws.amazon.com/firehose/latest/dev/writing-with-msk.html
 *
 * Firehose moves data, it holds none for long: neither the streams nor their role are retained.
 * Firehose's own server-side encryption applies to Direct PUT sources only
 * (https://docs.aws.amazon.com/firehose/latest/APIReference/API_StartDeliveryStreamEncryption.html);
 * what it writes is encrypted with the lake's key by the lake's default encryption.
 */
export function archiveToLake(parent: pulumi.Resource, args: ArchiveArgs): Archive {
    const { ctx, provider, lake } = args;
    const infra = (extra: ExtraOptions = {}) => infraOptions(parent, provider, ctx, extra);
    const role = new aws.iam.Role(
        "archive",
        {
            namePrefix: `${args.prefix}-stream-archive-`,
            description: "Amazon Data Firehose: reads the platform's topics from MSK into the lake",
            // https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#firehose-assume-role
            assumeRolePolicy: serviceTrust("firehose.amazonaws.com", { StringEquals: { "sts:ExternalId": args.accountId } }),
        },
        infra(),
    );
    const names = args.topics.map((t) => t.settings.name);
    const rolePolicy = new aws.iam.RolePolicy(
        "archive",
        {
            role: role.name,
            policy: pulumi
                .all([args.clusterArn, lake.resourceId, lake.keyId])
                .apply(([clusterArn, bucketArn, keyArn]) => JSON.stringify(archivePolicy({ clusterArn, topics: names, bucketArn, keyArn, lakeRegion: lake.region }))),
        },
        infra({ parent: role }),
    );

    const deliveryStreams = args.topics.map(({ settings: t, resource }) => {
        const { prefix, errorOutputPrefix } = archivePrefixes(t.name);
        return new aws.kinesis.FirehoseDeliveryStream(
            `archive-${t.name}`,
            {
                name: deliveryStreamName(args.prefix, t.name),
                destination: "extended_s3",
                mskSourceConfiguration: {
                    mskClusterArn: args.clusterArn,
                    topicName: t.name,
                    authenticationConfiguration: { connectivity: "PRIVATE", roleArn: role.arn },
                    // From the topic's first message, not from when the stream turned active: the topic
                    // exists (and may take messages) before its Firehose stream does.
                    readFromTimestamp: "1970-01-01T00:00:00Z",
                },
                extendedS3Configuration: {
                    roleArn: role.arn,
                    bucketArn: lake.resourceId,
                    prefix,
                    errorOutputPrefix,
                    // No key of its own: Firehose then writes without encryption headers, the lake's
                    // default encryption (the platform key) applies, and the lake's bucket policy,
                    // which refuses writes naming another key, admits it (lake/aws-bucket.ts).
                    compressionFormat: "GZIP",
                    bufferingInterval: 300,
                    bufferingSize: 64,
                    // Kafka messages carry no separator; one per line keeps the objects readable.
                    // https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html
                    processingConfiguration: { enabled: true, processors: [{ type: "AppendDelimiterToRecord" }] },
                },
            },
            // The name is fixed and its MSK source is ForceNew as a whole (the Terraform provider's
            // msk_source_configuration): a replacement must delete the old stream first, or the new
            // one collides with its name (ResourceInUseException). The new stream reads the topic
            // from its first retained message again, so the lake gets those messages a second time.
            infra({ dependsOn: [resource, rolePolicy, args.clusterPolicy], deleteBeforeReplace: true }),
        );
    });
    return { role, deliveryStreams };
}

/**
 * The role Firehose assumes: read the archived topics (the statements of AWS's example policy for an
 * MSK source, scoped to this cluster and these topics) and write objects under the archive prefixes
 * with the lake's key, through S3 only.
 * https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
 */
export function archivePolicy(args: { clusterArn: string; topics: readonly string[]; bucketArn: string; keyArn: string; lakeRegion: string }): object {
    const { clusterArn, bucketArn } = args;
    const objects = [`${bucketArn}/${archivePrefix}/*`, `${bucketArn}/${archiveErrorPrefix}/*`];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ConnectToCluster",
                Effect: "Allow",
                Action: ["kafka:GetBootstrapBrokers", "kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka-cluster:Connect"],
                Resource: clusterArn,
            },
            {
                Sid: "ReadArchivedTopics",
                Effect: "Allow",
                Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:DescribeTopicDynamicConfiguration", "kafka-cluster:ReadData"],
                Resource: args.topics.map((t) => mskResourceArn(clusterArn, "topic", t)),
            },
            { Sid: "DescribeGroups", Effect: "Allow", Action: ["kafka-cluster:DescribeGroup"], Resource: mskResourceArn(clusterArn, "group", "*") },
            {
                Sid: "LakeBucket",
                Effect: "Allow",
                Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
                Resource: bucketArn,
            },
            { Sid: "ArchiveObjects", Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Resource: objects },
            {
                // The lake encrypts with an S3 Bucket Key, whose encryption context is the bucket's ARN
                // (an object's ARN without one). https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
                Sid: "LakeKeyThroughS3",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: args.keyArn,
                Condition: {
                    StringEquals: { "kms:ViaService": `s3.${args.lakeRegion}.amazonaws.com` },
                    StringLike: { "kms:EncryptionContext:aws:s3:arn": [bucketArn, ...objects] },
                },
            },
        ],
    };
}
