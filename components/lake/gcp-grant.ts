import * as gcp from "../shared/sdk/gcp";
import { principalOf } from "../shared/grants";
import { CreateLakeGrant } from "./contract";

// Cloud Storage decrypts with the bucket's key as its own service agent, so a reader needs no key
// access. https://cloud.google.com/storage/docs/access-control/iam-roles
const roles = { read: "roles/storage.objectViewer", "read-write": "roles/storage.objectUser" } as const;

export const lakeGrant: CreateLakeGrant = (lake, access) => ({
    description: `${access} on the lake`,
    attach: (principal, name, opts) => [
        new gcp.storage.BucketIAMMember(name, { bucket: lake.name, role: roles[access], member: principalOf(principal, "gcp").member }, opts),
    ],
});
