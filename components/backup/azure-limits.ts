// Azure Backup limits the lake's backups rely on, each with its source. No SDK imports: the stack
// config rules (azure-rules.ts) read them too, and must stay cheap to load.

/**
 * Vaulted backups of blobs are kept at most 10 years: 3,650 daily recovery points.
 * https://learn.microsoft.com/azure/backup/blob-backup-configure-manage (vaulted backup, "a maximum of 10 years")
 * https://learn.microsoft.com/azure/backup/azure-data-lake-storage-backup-support-matrix#retention-limits
 */
export const maxVaultedBlobBackupDays = 3650;

/**
 * Vaulted blob backup copies every version through object replication; Microsoft recommends keeping
 * versions "for at least seven days after backup completion". With one backup a day, a version must
 * outlive its creation by that day plus the seven. https://learn.microsoft.com/azure/backup/blob-backup-faq
 */
export const minVersionDaysForVaultedBackup = 1 + 7;

/**
 * Soft delete of a Backup vault keeps deleted backup data 14 to 180 days; 14 is the default, and the
 * only span that costs nothing. https://learn.microsoft.com/azure/backup/backup-azure-enhanced-soft-delete-about
 */
export const backupVaultSoftDeleteDays = 14;
