import type { AwsNetworkHandle } from "../network/aws";
import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KeyRef } from "../keys/contract";
import { networkHandle } from "../network/contract";
import { namePrefix } from "../shared/context";
import { AccessGrant, principalOf } from "../shared/grants";
import { dataOptions } from "../shared/options";
import { awsNodeType, durableEngineVersion, engineVersion, maxSnapshotRetentionDays, secondaryCidr } from "./aws-limits";
import { secondaryVpc, StoreNetwork, storeNetwork } from "./aws-network";
import { StoreUser, storeUsers, userGroup } from "./aws-users";
import { defaultPort, FeatureStoreAccess, FeatureStoreImplementation, FeatureStoreRecoveryPoint, FeatureStoreSettings } from "./contract";
import { feastPasswordBlock } from "./feast";

/**
 * Why AWS has no daily export into the lake. ElastiCache writes an exported snapshot into the bucket
 * itself, and is let in by a bucket ACL grant to its canonical user (a bucket policy for its
 * `<region>.elasticache-snapshot.amazonaws.com` principal in opt-in regions only); the lake disables
 * ACLs (Object Ownership: BucketOwnerEnforced), as AWS recommends. The automatic snapshots, kept
 * backup.retentionDays up to ElastiCache's 35, and the Global Datastore copy are the store's backups.
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-exporting.html
 */
export const noExportReason =
    "not exported: ElastiCache writes an export only into a bucket whose ACL grants its canonical user, and the lake disables ACLs (BucketOwnerEnforced); " +
    "automatic snapshots are kept backup.retentionDays (at most 35) — docs/feature-store.md";

/**
 * Global Datastore replicates asynchronously and AWS states no bound on the lag ("typically under a
 * second"): the metric is the only measure. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastores-Getting-Started.html
 */
export const globalDatastoreRecoveryPoint: FeatureStoreRecoveryPoint = {
    basis: "replication-lag",
    measuredBy: "CloudWatch AWS/ElastiCache GlobalDatastoreReplicationLag of the secondary replication group",
};

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
        const { ctx, providers, keys, settings: s } = args;
        const net = networkHandle<AwsNetworkHandle>(args.network, "aws");
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
            // The retained replication group uses it; ElastiCache refuses to delete a parameter group in use.
            data(),
        );
        const snapshotDays = Math.min(args.backupRetentionDays, maxSnapshotRetentionDays);
        const failover = s.replicasPerShard >= 1;
        // What each region's member sets for itself (a Global Datastore secondary takes the rest from the
        // primary): failover across zones, TLS only, its region's key, users and network, snapshots.
        const member = (key: KeyRef, users: aws.elasticache.UserGroup, net: StoreNetwork) => ({
            automaticFailoverEnabled: failover,
            multiAzEnabled: failover,
            transitEncryptionEnabled: true,
            transitEncryptionMode: "required",
            atRestEncryptionEnabled: true,
            kmsKeyId: key.id,
            userGroupIds: [users.userGroupId],
            subnetGroupName: net.subnetGroup.name,
            securityGroupIds: [net.securityGroup.id],
            snapshotRetentionLimit: snapshotDays,
            snapshotWindow: "02:00-03:00",
            maintenanceWindow: "sun:05:00-sun:06:00",
            applyImmediately: false,
            tags: { ...ctx.tags },
        });
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
                ...member(keys.primary, group, network),
                ...(s.persistence === "aof" ? { durability: "async" } : {}),
                autoMinorVersionUpgrade: true,
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
                    ...member(keys.backup, backupGroup, backupNetwork),
                },
                dataOptions(self, backup, ctx),
            );
        }

        const host = clustered ? primary.configurationEndpointAddress : primary.primaryEndpointAddress;
        const port = primary.port.apply((p) => p ?? defaultPort);
        const writer = users.find((u) => u.access === "read-write")!;
        return {
            host,
            port,
            auth: "token",
            credential: pulumi
                .all(users.map((u) => u.secret.name))
                .apply((names) => `AWS Secrets Manager: ${users.map((u, i) => `${names[i]} (${u.access})`).join(", ")}; JSON {username, password}`),
            clusterMode: clustered,
            // ElastiCache presents a certificate of Amazon's public CA, which system trust stores hold.
            caCertificates: pulumi.output<string | undefined>(undefined),
            replicaHost: secondary
                ? (clustered ? secondary.configurationEndpointAddress : secondary.primaryEndpointAddress).apply((h): string | undefined => h)
                : pulumi.output<string | undefined>(undefined),
            recoveryPoint: secondary ? globalDatastoreRecoveryPoint : undefined,
            feast: pulumi.all([host, port]).apply(([h, p]) => feastPasswordBlock(h, p, clustered, writer.userName)),
            backupExport: pulumi.output({ note: noExportReason }),
            grant: (access) => secretGrant(users, access, ctx.backupRegion, s.crossRegion, [keys.primary.resourceId, ...(s.crossRegion ? [keys.backup.resourceId] : [])]),
        };
    },
};

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
                    policy: pulumi.all([user.secret.arn, ...keyArns]).apply(([arn, ...keys]) => JSON.stringify(storePasswordPolicy(arn, keys, replicated ? backupRegion : undefined))),
                },
                opts,
            ),
        ],
    };
}

/**
 * Reading one store user's password: its secret (and the secret's replica in `replicaRegion`, same name,
 * that region's ARN), decrypted with the platform keys through Secrets Manager only.
 */
export function storePasswordPolicy(secretArn: string, keyArns: string[], replicaRegion?: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadStorePassword",
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [secretArn, ...(replicaRegion ? [secretArn.replace(/^(arn:[^:]+:secretsmanager:)[^:]+:/, `$1${replicaRegion}:`)] : [])],
            },
            { Sid: "DecryptThroughSecretsManager", Effect: "Allow", Action: ["kms:Decrypt"], Resource: keyArns, Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } } },
        ],
    };
}
