import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const storageVersioning: StackValidationPolicy = {
    name: "storage-versioning",
    description:
        "Object stores keep superseded and deleted versions, so a bad write or a delete can be rolled back. " +
        "Fix: AWS — an aws.s3.BucketVersioning with status Enabled for the bucket; GCP — versioning.enabled on the bucket; " +
        "Azure — isVersioningEnabled on the account's BlobServiceProperties.",
    validateStack: (args, report) => {
        for (const store of objectStores(new ResourceIndex(args.resources))) {
            if (!store.versioning()) {
                report(`${describe(store.resource)} does not keep object versions.`, store.resource.urn);
            }
        }
    },
};
