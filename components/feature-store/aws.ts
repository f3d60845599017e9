import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { networkHandle } from "../network";
import { namePrefix } from "../shared/context";
import { AccessGrant, principalOf } from "../shared/grants";
import { dataOptions } from "../shared/options";
import { awsNodeType, durableEngineVersion, engineVersion, maxSnapshotRetentionDays } from "./aws-limits";
import { secondaryCidr, secondaryVpc, storeNetwork } from "./aws-network";
import { StoreUser, storeUsers, userGroup } from "./aws-users";
import { defaultPort, FeatureStoreAccess, FeatureStoreImplementation, FeatureStoreRecoveryPoint, FeatureStoreSettings, lakeExportPrefix, exportSchedule } from "./contract";
import { exportCronJob } from "./export-job";
import { feastPasswordBlock } from "./feast";

/**
 * AWS CLI v2, pinned; the image Amazon publishes per CLI release (public.ecr.aws/aws-cli/aws-cli,
 * https://gallery.ecr.aws/aws-cli/aws-cli). Pod Identity credentials need 2.15 or later.
 */
export const awsCliImage = "public.ecr.aws/aws-cli/aws-cli:2.31.23";

/**
 * Global Datastore replicates asynchronously and AWS states no bound on the lag ("typically under a
 * second"): the metric is the only measure. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html
 */
export const globalDatastoreRecoveryPoint: FeatureStoreRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "CloudWatch AWS/ElastiCache GlobalDatastoreReplicationLag of the secondary replication group",
};

/** Without a copy in the backup region, what survives the region is the last daily export in the lake (and the lake's own copy). */
export const exportRecoveryPoint: FeatureStoreRecoveryPoint = { basis: "best-effort", minutes: 24 * 60, measuredBy: "age of the newest export under <lake>/feature-store/" };

/** Cluster mode when the data is sharded, and for durability, which needs it. */
export function clusterModeOn(s: Pick<FeatureStoreSettings, "shards" | "persistence">): boolean {
    return s.shards > 1 || s.persistence === "aof";
}

/** The parameter group family of an engine version (`valkey8` for 8.2). */
export function parameterFamily(version: string): string {
    return `valkey${version.split(".")[0]}`;
}

/**
 * The feature store on ElastiCache for Valkey: a replication group in the platform's private subnets,
 * TLS required, encrypted at rest with the platform key, RBAC users with generated passwords (kept in
 * Secrets Manager), Multi-AZ automatic failover with a replica per shard, daily snapshots kept
 * backup.retentionDays (ElastiCache's cap: 35), durability (Valkey 9 transaction log) for `aof`, and a
 * Global Datastore secondary in the backup region when crossRegion is on.
 */
export const awsFeatureStore: FeatureStoreImplementation = {
    cloud: "aws",
    create(self, args) {
        const { ctx, providers, keys, settings: s, lake, cluster } = args;
        const net = networkHandle(args.network, "aws");
        const prefix = namePrefix(ctx);
        const provider = providers.primary;
        const clustered = clusterModeOn(s);
        const version = s.persistence === "aof" ? durableEngineVersion : engineVersion;
        const nodeType = awsNodeType(s);
        if (!nodeType) {
            throw new Error(`no ElastiCache node holds ${s.memoryGb} GB in ${s.shards} shard(s); the config check should have refused featureStore.memoryGb`);
        }
        const data = (extra: pulumi.CustomResourceOptions = {}) => dataOptions(self, provider, ctx, extra);

        const users = storeUsers(self, { ctx, provider, key: keys.primary, ...(s.crossRegion ? { backupKey: keys.backup } : {}) });
        const group = userGroup(self, "", { ctx, provider, users });
        const network = storeNetwork(self, "", {
            ctx,
            provider,
            vpcId: net.vpc.id,
            subnetIds: net.privateSubnets.map((x) => x.id),
            clientRanges: [net.cidr, net.podRange],
        });
        const parameters = new aws.elasticache.ParameterGroup(
            "feature-store",
            {
                name: `${prefix}-feature-store-${parameterFamily(version)}`,
                family: parameterFamily(version),
                description: "Feature store: eviction policy and cluster mode",
                parameters: [{ name: "maxmemory-policy", value: s.evictionPolicy }, ...(clustered ? [{ name: "cluster-enabled", value: "yes" }] : [])],
            },
            data(),
        );
        const snapshotDays = Math.min(args.backupRetentionDays, maxSnapshotRetentionDays);
        const failover = s.replicasPerShard >= 1;
        const primary = new aws.elasticache.ReplicationGroup(
            "feature-store",
            {
                replicationGroupId: `${prefix}-features`,
                description: `Online feature store of ${ctx.project}/${ctx.stack}`,
                engine: "valkey",
                engineVersion: version,
                nodeType,
                port: defaultPort,
                parameterGroupName: parameters.name,
                ...(clustered
                    ? { clusterMode: "enabled", numNodeGroups: s.shards, replicasPerNodeGroup: s.replicasPerShard }
                    : { clusterMode: "disabled", numCacheClusters: 1 + s.replicasPerShard }),
                automaticFailoverEnabled: failover,
                multiAzEnabled: failover,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                atRestEncryptionEnabled: true,
                kmsKeyId: keys.primary.id,
                userGroupIds: [group.userGroupId],
                subnetGroupName: network.subnetGroup.name,
                securityGroupIds: [network.securityGroup.id],
                snapshotRetentionLimit: snapshotDays,
                snapshotWindow: "02:00-03:00",
                maintenanceWindow: "sun:05:00-sun:06:00",
                ...(s.persistence === "aof" ? { durability: "async" } : {}),
                autoMinorVersionUpgrade: true,
                applyImmediately: false,
                tags: { ...ctx.tags },
            },
            data(),
        );

        let secondary: aws.elasticache.ReplicationGroup | undefined;
        if (s.crossRegion) {
            const backup = providers.backup;
            const cidr = secondaryCidr(net.cidr);
            const vpc = secondaryVpc(self, { ctx, provider: backup, cidr });
            const backupNetwork = storeNetwork(self, "-secondary", {
                ctx,
                provider: backup,
                vpcId: vpc.vpc.id,
                subnetIds: vpc.subnets.map((x) => x.id),
                clientRanges: [cidr, net.cidr, net.podRange],
            });
            const backupGroup = userGroup(self, "-secondary", { ctx, provider: backup, users });
            const global = new aws.elasticache.GlobalReplicationGroup(
                "feature-store",
                {
                    globalReplicationGroupIdSuffix: `${prefix}-features`,
                    globalReplicationGroupDescription: `Feature store of ${ctx.project}/${ctx.stack} across ${ctx.region} and ${ctx.backupRegion}`,
                    primaryReplicationGroupId: primary.id,
                },
                data(),
            );
            // Node type, shard count, engine and parameter group come from the Global Datastore; the
            // secondary keeps its own key (KMS keys are regional), users, snapshots and network.
            secondary = new aws.elasticache.ReplicationGroup(
                "feature-store-secondary",
                {
                    replicationGroupId: `${prefix}-features-secondary`,
                    description: `Secondary of the online feature store of ${ctx.project}/${ctx.stack}`,
                    globalReplicationGroupId: global.globalReplicationGroupId,
                    ...(clustered ? { replicasPerNodeGroup: s.replicasPerShard } : { numCacheClusters: 1 + s.replicasPerShard }),
                    automaticFailoverEnabled: failover,
                    multiAzEnabled: failover,
                    transitEncryptionEnabled: true,
                    transitEncryptionMode: "required",
                    atRestEncryptionEnabled: true,
                    kmsKeyId: keys.backup.id,
                    userGroupIds: [backupGroup.userGroupId],
                    subnetGroupName: backupNetwork.subnetGroup.name,
                    securityGroupIds: [backupNetwork.securityGroup.id],
                    snapshotRetentionLimit: snapshotDays,
                    snapshotWindow: "02:00-03:00",
                    maintenanceWindow: "sun:05:00-sun:06:00",
                    applyImmediately: false,
                    tags: { ...ctx.tags },
                },
                dataOptions(self, backup, ctx),
            );
        }

        // Daily export of the newest automatic snapshot into the lake (CopySnapshot with TargetBucket).
        // ElastiCache writes the .rdb files itself, so the lake's bucket policy must admit its snapshot
        // service, which the lake does not do yet (docs/feature-store.md, "Backups into the lake").
        const exportName = `${lakeExportPrefix}-${prefix}`;
        exportCronJob(self, "feature-store-export", {
            cluster,
            image: awsCliImage,
            grants: [exportGrant(primary.arn)],
            env: { REPLICATION_GROUP: primary.id, LAKE_BUCKET: lake.name, AWS_REGION: ctx.region, EXPORT_NAME: exportName },
            script: [
                `latest=$(aws elasticache describe-snapshots --replication-group-id "$REPLICATION_GROUP" --snapshot-source automated --query 'reverse(sort_by(Snapshots,&NodeSnapshots[0].SnapshotCreateTime))[0].SnapshotName' --output text)`,
                `test -n "$latest" && test "$latest" != None`,
                `aws elasticache copy-snapshot --source-snapshot-name "$latest" --target-snapshot-name "$EXPORT_NAME-$(date -u +%Y-%m-%d)" --target-bucket "$LAKE_BUCKET"`,
            ].join("\n"),
        });

        const host = clustered ? primary.configurationEndpointAddress : primary.primaryEndpointAddress;
        const port = primary.port.apply((p) => p ?? defaultPort);
        const writer = users.find((u) => u.access === "read-write")!;
        return {
            host,
            port,
            tls: true,
            auth: "token",
            credential: pulumi
                .all(users.map((u) => u.secret.name))
                .apply((names) => `AWS Secrets Manager: ${users.map((u, i) => `${names[i]} (${u.access})`).join(", ")}; JSON {username, password}`),
            replicaHost: secondary
                ? (clustered ? secondary.configurationEndpointAddress : secondary.primaryEndpointAddress).apply((h): string | undefined => h)
                : pulumi.output<string | undefined>(undefined),
            recoveryPoint: secondary ? globalDatastoreRecoveryPoint : exportRecoveryPoint,
            feast: pulumi.all([host, port]).apply(([h, p]) => feastPasswordBlock(h, p, clustered, writer.userName)),
            backupExport: pulumi.output(lake.name).apply((bucket) => ({
                destination: `s3://${bucket}/${exportName}-<date>-<shard>.rdb`,
                schedule: exportSchedule,
                note: "CopySnapshot of the newest automatic snapshot; needs the lake's bucket policy to admit ElastiCache (docs/feature-store.md)",
            })),
            grant: (access) => secretGrant(users, access, ctx.backupRegion, s.crossRegion, [keys.primary.resourceId, ...(s.crossRegion ? [keys.backup.resourceId] : [])]),
        };
    },
};

/** The export job's rights: find the store's snapshots and export them (ElastiCache itself writes to the bucket). */
function exportGrant(replicationGroupArn: pulumi.Output<string>): AccessGrant {
    return {
        description: "describe and export the feature store's snapshots (ElastiCache CopySnapshot)",
        attach: (principal, name, opts) => [
            new aws.iam.RolePolicy(
                name,
                {
                    role: principalOf(principal, "aws").roleName,
                    policy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Sid: "FindSnapshots", Effect: "Allow", Action: ["elasticache:DescribeSnapshots"], Resource: "*" },
                            // Automatic snapshots are named by ElastiCache, so their ARNs are not known in advance.
                            { Sid: "ExportSnapshots", Effect: "Allow", Action: ["elasticache:CopySnapshot"], Resource: "*" },
                            { Sid: "OfThisStore", Effect: "Allow", Action: ["elasticache:DescribeReplicationGroups"], Resource: replicationGroupArn },
                        ],
                    }),
                },
                opts,
            ),
        ],
    };
}

/**
 * Read or read-write: the right to read that user's secret (and its replica in the backup region), and to
 * decrypt it with the platform keys through Secrets Manager only.
 */
function secretGrant(users: StoreUser[], access: FeatureStoreAccess, backupRegion: string, replicated: boolean, keyArns: pulumi.Output<string>[]): AccessGrant {
    const user = users.find((u) => u.access === access)!;
    return {
        description: `${access} on the feature store (the ${user.userName} password in Secrets Manager)`,
        attach: (principal, name, opts) => [
            new aws.iam.RolePolicy(
                name,
                {
                    role: principalOf(principal, "aws").roleName,
                    policy: pulumi.all([user.secret.arn, ...keyArns]).apply(([arn, ...keys]) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                {
                                    Sid: "ReadStorePassword",
                                    Effect: "Allow",
                                    Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                                    Resource: [arn, ...(replicated ? [arn.replace(/^(arn:[^:]+:secretsmanager:)[^:]+:/, `$1${backupRegion}:`)] : [])],
                                },
                                { Sid: "DecryptThroughSecretsManager", Effect: "Allow", Action: ["kms:Decrypt"], Resource: keys, Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } } },
                            ],
                        }),
                    ),
                },
                opts,
            ),
        ],
    };
}
