import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { systemNodeLabels } from "../kubernetes/aws";
import type { AwsNetworkHandle } from "../network/aws";
import { networkHandle } from "../network/contract";
import { namePrefix } from "../shared/context";
import { dataOptions, ExtraOptions } from "../shared/options";
import { rdsEngineVersion, rdsInstanceClass, rdsMaxBackupRetentionDays, rdsStorageGiB } from "./aws-limits";
import { AirflowImplementation, logsPrefix, managedDatabaseLogin, MetadataDatabase } from "./contract";

const { name: databaseName, user, port } = managedDatabaseLogin;

/**
 * Airflow on AWS. The metadata database is RDS for PostgreSQL: encrypted with the platform key, in
 * the private subnets only (reachable from the VPC and the pods' range on 5432), Multi-AZ when
 * highAvailability, deletion-protected, automated backups with point-in-time recovery kept
 * backup.retentionDays (RDS keeps 35 at most) and replicated to the backup region with that region's
 * platform key (cross-Region automated backups: snapshots and transaction logs). Task logs go to the
 * lake bucket through EKS Pod Identity: the connection has no keys, boto3 finds the pod's.
 */
export const awsAirflow: AirflowImplementation = {
    systemNodeSelector: systemNodeLabels,

    managedDatabase(parent, name, { ctx, settings, retentionDays, providers, keys, network, password }): MetadataDatabase {
        const net = networkHandle<AwsNetworkHandle>(network, "aws");
        // Kept with the retained instance in prod: RDS refuses to delete a subnet group in use, and EC2 a
        // security group still attached to the instance (DependencyViolation), so a swap would fail.
        const attached = (extra: ExtraOptions = {}) => dataOptions(parent, providers.primary, ctx, extra);
        const tags = { ...ctx.tags, Name: `${namePrefix(ctx)}-airflow` };
        const days = Math.min(retentionDays, rdsMaxBackupRetentionDays);

        const subnets = new aws.rds.SubnetGroup(
            name,
            { region: ctx.region, subnetIds: net.privateSubnets.map((s) => s.id), description: "Airflow metadata database: the platform's private subnets", tags },
            // The retained RDS instance sits in it.
            attached(),
        );
        const securityGroup = new aws.ec2.SecurityGroup(
            name,
            {
                region: ctx.region,
                vpcId: net.vpc.id,
                description: "Airflow metadata database: PostgreSQL from the VPC and the pods' range only",
                ingress: [{ description: "PostgreSQL from nodes and pods", protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [net.cidr, net.podRange] }],
                egress: [],
                tags,
            },
            // Attached to the retained RDS instance.
            attached(),
        );
        const instance = new aws.rds.Instance(
            name,
            {
                region: ctx.region,
                identifierPrefix: `${namePrefix(ctx)}-airflow-`,
                engine: "postgres",
                engineVersion: rdsEngineVersion,
                instanceClass: rdsInstanceClass[settings.tier],
                storageType: "gp3",
                allocatedStorage: rdsStorageGiB.allocated,
                maxAllocatedStorage: rdsStorageGiB.max,
                storageEncrypted: true,
                kmsKeyId: keys.primary.id,
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: keys.primary.id,
                dbName: databaseName,
                username: user,
                password,
                port,
                dbSubnetGroupName: subnets.name,
                vpcSecurityGroupIds: [securityGroup.id],
                publiclyAccessible: false,
                multiAz: settings.highAvailability,
                backupRetentionPeriod: days,
                backupWindow: "02:00-03:00",
                maintenanceWindow: "sun:03:30-sun:04:30",
                copyTagsToSnapshot: true,
                // Kept when the instance is deleted, and a final snapshot taken: a mistaken delete leaves both.
                deleteAutomatedBackups: false,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${namePrefix(ctx)}-airflow-final`,
                deletionProtection: true,
                autoMinorVersionUpgrade: true,
                enabledCloudwatchLogsExports: ["postgresql"],
                tags,
            },
            dataOptions(parent, providers.primary, ctx),
        );
        // Created in the destination region, with its key, as AWS requires.
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html
        const copy = new aws.rds.InstanceAutomatedBackupsReplication(
            name,
            { region: ctx.backupRegion, sourceDbInstanceArn: instance.arn, kmsKeyId: keys.backup.id, retentionPeriod: days },
            dataOptions(parent, providers.backup, ctx, { dependsOn: [instance] }),
        );
        return {
            host: instance.address,
            ...managedDatabaseLogin,
            password,
            recoveryPoint: {
                pointInTimeDays: days,
                copyRegion: ctx.backupRegion,
                mechanism: "RDS cross-Region automated backups replication (snapshots and transaction logs, with the backup region's platform key)",
                measuredBy: `LatestRestorableTime of the replicated automated backup: aws rds describe-db-instance-automated-backups --region ${ctx.backupRegion}`,
            },
            ready: [instance, copy],
        };
    },

    remoteLogging(lake) {
        const baseFolder = pulumi.interpolate`s3://${lake.name}/${logsPrefix}`;
        return {
            baseFolder,
            url: baseFolder,
            connectionId: "aws_logs",
            // No keys: boto3's default chain picks up the pod's EKS Pod Identity credentials. Encryption is
            // the bucket's default (the platform key); `encrypt_s3_logs` would ask for SSE-S3, which the lake refuses.
            connection: pulumi.jsonStringify({ conn_type: "aws", extra: { region_name: lake.region } }),
            extraConfig: {},
        };
    },
};
