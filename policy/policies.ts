import { Policies } from "@pulumi/policy";
import { backupRetention } from "./rules/backup-retention";
import { dataRetainedOnDelete } from "./rules/data-retained-on-delete";
import { kmsKeyRotation } from "./rules/kms-key-rotation";
import { storageCrossRegionReplica } from "./rules/storage-cross-region-replica";
import { storageDefaultImmutability } from "./rules/storage-default-immutability";
import { storageEncryptionCmk } from "./rules/storage-encryption-cmk";
import { storageLifecycleTiering } from "./rules/storage-lifecycle-tiering";
import { storagePublicAccessBlocked } from "./rules/storage-public-access-blocked";
import { storageSecureTransport } from "./rules/storage-secure-transport";
import { storageVersioning } from "./rules/storage-versioning";

/** Every policy of the pack. Kept apart from index.ts because constructing a PolicyPack starts a server. */
export const policies: Policies = [
    storageEncryptionCmk,
    kmsKeyRotation,
    storageVersioning,
    storagePublicAccessBlocked,
    storageSecureTransport,
    storageLifecycleTiering,
    storageDefaultImmutability,
    storageCrossRegionReplica,
    backupRetention,
    dataRetainedOnDelete,
];

export const packName = "ai-data-platform";
/** Without a --policy-pack-config, every policy blocks; policy/config/dev.json relaxes dev to advisory. */
export const packEnforcementLevel = "mandatory" as const;
