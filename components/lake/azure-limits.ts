// Azure Storage limits the lake relies on, each with its source. No SDK imports: the stack config
// rules (azure-rules.ts) read them too, and must stay cheap to load.

/**
 * Blob and container soft delete keep deleted data 1 to 365 days.
 * https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview
 */
export const maxSoftDeleteDays = 365;

/**
 * Days a deleted or superseded blob, version or container stays recoverable in an account: as long as
 * the lake keeps superseded versions, within soft delete's cap. Versions that lifecycle management
 * expires are soft-deleted too, so nothing leaves the account sooner than this.
 * https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-policy-delete
 */
export function recoverableDays(noncurrentVersionDays: number): number {
    return Math.min(noncurrentVersionDays, maxSoftDeleteDays);
}

/**
 * A time-based immutability policy lasts 1 to 146,000 days (400 years).
 * https://learn.microsoft.com/azure/storage/blobs/immutable-storage-overview
 */
export const maxImmutabilityDays = 146_000;
