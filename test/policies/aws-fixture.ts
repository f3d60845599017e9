import * as aws from "../../components/shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";

// Small S3 setups for policy tests: a bucket with exactly the sidecars a test asks for, declared with
// the real SDK classes so the offline preview records them as a real program would. Like the
// platform, a fixture states what a policy reads and the provider would otherwise compute (the
// bucket's region, a whole-bucket lifecycle filter's empty prefix): a stack policy gets a new
// stack's preview outputs, where such a property left out is unknown and stops the policy.

export interface BucketSpec {
    readonly provider: pulumi.ProviderResource;
    /** A BucketVersioning with that status, the legacy inline `versioning` of the bucket, or neither. */
    readonly versioning?: "Enabled" | "Suspended" | "inline-enabled" | "inline-disabled" | "none";
    readonly encryption?: "cmk" | "aws-managed" | "none";
    readonly publicAccess?: "all" | "no-restrict" | "none";
    readonly ownership?: boolean;
    readonly transport?: { tlsOnly: boolean; minTls?: string } | "none";
    /** `prefix` in the rule's filter, `legacyPrefix` as the rule's own (deprecated) prefix without a filter, `tag` a tag filter. */
    readonly lifecycle?: { cold?: number; archive?: number; noncurrent?: number; abort?: number; prefix?: string; legacyPrefix?: string; tag?: boolean } | "none";
    /** "none": Object Lock off; "unstated": no lock and the bucket's objectLockEnabled left to the provider. */
    readonly lock?: { days: number; mode: "GOVERNANCE" | "COMPLIANCE" } | "none" | "unstated";
    readonly opts?: pulumi.CustomResourceOptions;
}

export const compliant: Omit<BucketSpec, "provider"> = {
    versioning: "Enabled",
    encryption: "cmk",
    publicAccess: "all",
    ownership: true,
    transport: { tlsOnly: true, minTls: "1.2" },
    lifecycle: { cold: 30, archive: 90, noncurrent: 365, abort: 7 },
    lock: { days: 30, mode: "GOVERNANCE" },
};

const regions = new WeakMap<pulumi.ProviderResource, string>();

export function provider(region: string): aws.Provider {
    const p = new aws.Provider(region, { region });
    regions.set(p, region);
    return p;
}

export function bucket(name: string, spec: BucketSpec): aws.s3.Bucket {
    const s = { ...compliant, ...spec };
    const opts = { provider: s.provider };
    const inline = s.versioning === "inline-enabled" || s.versioning === "inline-disabled" ? { versioning: { enabled: s.versioning === "inline-enabled" } } : {};
    const b = new aws.s3.Bucket(
        name,
        { bucket: `${name}-fixture`, region: regions.get(s.provider), ...(s.lock === "unstated" ? {} : { objectLockEnabled: s.lock !== "none" }), ...inline },
        { ...opts, ...s.opts },
    );
    const id = b.bucket;
    if (s.versioning === "Enabled" || s.versioning === "Suspended") {
        new aws.s3.BucketVersioning(name, { bucket: id, versioningConfiguration: { status: s.versioning } }, opts);
    }
    if (s.encryption !== "none") {
        const key = s.encryption === "cmk" ? new aws.kms.Key(name, { enableKeyRotation: true }, opts) : undefined;
        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            { bucket: id, rules: [{ applyServerSideEncryptionByDefault: key ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn } : { sseAlgorithm: "AES256" } }] },
            opts,
        );
    }
    if (s.publicAccess !== "none") {
        const all = s.publicAccess === "all";
        new aws.s3.BucketPublicAccessBlock(name, { bucket: id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: all }, opts);
    }
    if (s.ownership) {
        new aws.s3.BucketOwnershipControls(name, { bucket: id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    }
    if (s.transport !== "none") {
        const t = s.transport!;
        const arn = pulumi.interpolate`arn:aws:s3:::${id}`;
        const statements: unknown[] = [];
        if (t.tlsOnly) {
            statements.push({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn], Condition: { Bool: { "aws:SecureTransport": "false" } } });
        }
        if (t.minTls) {
            statements.push({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn], Condition: { NumericLessThan: { "s3:TlsVersion": t.minTls } } });
        }
        new aws.s3.BucketPolicy(name, { bucket: id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) }, opts);
    }
    if (s.lifecycle !== "none") {
        const l = s.lifecycle!;
        new aws.s3.BucketLifecycleConfiguration(
            name,
            {
                bucket: id,
                rules: [
                    {
                        id: "rule",
                        status: "Enabled",
                        ...(l.legacyPrefix ? { prefix: l.legacyPrefix } : { filter: l.tag ? { tag: { key: "tier", value: "hot" } } : { prefix: l.prefix ?? "" } }),
                        transitions: [
                            ...(l.cold ? [{ days: l.cold, storageClass: "STANDARD_IA" }] : []),
                            ...(l.archive ? [{ days: l.archive, storageClass: "GLACIER_IR" }] : []),
                        ],
                        ...(l.noncurrent ? { noncurrentVersionExpiration: { noncurrentDays: l.noncurrent } } : {}),
                        ...(l.abort ? { abortIncompleteMultipartUpload: { daysAfterInitiation: l.abort } } : {}),
                    },
                ],
            },
            opts,
        );
    }
    if (s.lock !== "none" && s.lock !== "unstated") {
        const l = s.lock!;
        new aws.s3.BucketObjectLockConfiguration(name, { bucket: id, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: l.mode, days: l.days } } }, opts);
    }
    return b;
}

/** Continuous replication from one bucket to another, as the platform wires it. */
export function replicate(name: string, source: aws.s3.Bucket, target: aws.s3.Bucket, provider: pulumi.ProviderResource, status = "Enabled"): void {
    new aws.s3.BucketReplicationConfig(
        name,
        {
            bucket: source.bucket,
            role: "arn:aws:iam::123456789012:role/replication",
            rules: [{ id: "all", status, filter: {}, deleteMarkerReplication: { status: "Enabled" }, destination: { bucket: pulumi.interpolate`arn:aws:s3:::${target.bucket}` } }],
        },
        { provider },
    );
}
