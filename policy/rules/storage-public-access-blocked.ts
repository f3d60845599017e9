import { StackValidationPolicy } from "@pulumi/policy";
import { dataStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const storagePublicAccessBlocked: StackValidationPolicy = {
    name: "storage-public-access-blocked",
    description:
        "Object stores, backup buckets included, cannot be made public, and access goes through the cloud's identity system only (no ACLs, no shared account keys). " +
        "Fix: AWS — a BucketPublicAccessBlock with all four settings true and BucketOwnershipControls BucketOwnerEnforced; " +
        "GCP — publicAccessPrevention enforced and uniformBucketLevelAccess true; " +
        "Azure — allowBlobPublicAccess false and allowSharedKeyAccess false on the storage account.",
    validateStack: (args, report) => {
        // Every store that can be opened to the public: the object stores and, judged apart from them,
        // GCP's backup buckets.
        for (const store of dataStores(new ResourceIndex(args.resources))) {
            const gaps = store.publicAccessGaps?.() ?? [];
            if (gaps.length) {
                report(`${describe(store.resource)}: ${gaps.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
