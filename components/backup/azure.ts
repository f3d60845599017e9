import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import { lakeContainerName, ProtectedAccount, protectedAccount } from "../lake/azure-account";
import { childOptions } from "../shared/options";
import { CreateLakeBackup, LakeBackupArgs, replicaStoreArgs } from "./index";

// Object replication is asynchronous with no guaranteed completion time
// (https://learn.microsoft.com/azure/storage/blobs/object-replication-overview). Its priority tier
// replicates 99.0% of objects within 15 minutes under an SLA when both accounts are on one continent
// (https://learn.microsoft.com/azure/storage/blobs/object-replication-priority-replication), but the
// ObjectReplicationPolicy of azure-native 3.28 (API 2024-01-01) cannot switch it on, and standard
// replication is slower than that tier. With no bound stated, this is a planning figure (the same as
// on GCP), output as best-effort; the replication metrics enabled below show the real lag.
const plannedReplicationMinutes = 60;

// A rule's minimum creation time from which blobs are copied; this date means "everything", so a
// replica created after the lake (a new backup region, say) also receives what the lake already holds.
const copyEverything = "1601-01-01T00:00:00Z";

export const createLakeBackup: CreateLakeBackup = (self, args) => {
    const replica = protectedAccount(self, "replica", replicaStoreArgs(args));
    replicate(self, args, replica);
    return {
        replica,
        // No Backup vault: Azure Backup cannot protect a container that takes part in object
        // replication, as source or destination ("Attempting to back up such a container will result
        // in backup failure"), and its operational tier relies on point-in-time restore, which
        // version-level immutability rules out. The lake's backups are the immutable versions and
        // soft-deleted data each account keeps (backup.retentionDays is checked against that in the
        // config rules); the replica is where they are kept outside the primary region.
        // https://learn.microsoft.com/azure/backup/blob-backup-support-matrix
        // https://learn.microsoft.com/azure/storage/blobs/immutable-storage-overview#feature-support
        backupVaultIds: pulumi.output([]),
        recoveryPointObjectiveMinutes: plannedReplicationMinutes,
        recoveryPointObjectiveBasis: "best-effort",
    };
};

/**
 * Object replication of the lake's container into the replica's: Azure wants the policy on the
 * destination first, with the id "default", and then the same policy, under the id and rule ids
 * Azure gave it, on the source. Both accounts are named by full resource id, as Azure requires
 * when cross-tenant replication is off.
 */
function replicate(self: pulumi.ComponentResource, { ctx, providers, lake }: LakeBackupArgs, replica: ProtectedAccount): void {
    const rules = [{ sourceContainer: lakeContainerName, destinationContainer: lakeContainerName, filters: { minCreationTime: copyEverything } }];
    const destination = new storage.ObjectReplicationPolicy(
        "lake-to-replica-destination",
        {
            accountName: replica.name,
            resourceGroupName: replica.resourceGroupName,
            objectReplicationPolicyId: "default",
            sourceAccount: lake.resourceId,
            destinationAccount: replica.resourceId,
            rules,
            metrics: { enabled: true },
        },
        // The destination container must exist and both accounts be versioned before Azure accepts a rule.
        childOptions(self, providers.backup, ctx, { dependsOn: [replica.blobService, replica.container, lake] }),
    );
    new storage.ObjectReplicationPolicy(
        "lake-to-replica",
        {
            accountName: lake.name,
            resourceGroupName: lake.resourceId.apply(resourceGroupOf),
            objectReplicationPolicyId: destination.policyId,
            sourceAccount: lake.resourceId,
            destinationAccount: replica.resourceId,
            rules: destination.rules.apply((given) =>
                (given ?? []).map((rule) => ({
                    ruleId: rule.ruleId,
                    sourceContainer: rule.sourceContainer,
                    destinationContainer: rule.destinationContainer,
                    filters: { minCreationTime: rule.filters?.minCreationTime ?? copyEverything },
                })),
            ),
            metrics: { enabled: true },
        },
        childOptions(self, providers.primary, ctx, { dependsOn: [lake] }),
    );
}

function resourceGroupOf(armId: string): string {
    const match = /\/resourceGroups\/([^/]+)\//i.exec(armId);
    if (!match) {
        throw new Error(`no resource group in ${armId}`);
    }
    return match[1];
}
