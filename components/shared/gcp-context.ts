// What GCP resources take from the platform context: the project they go into, and the deletion
// policy that mirrors retainOnDelete in their inputs.

import { PlatformContext } from "./context";

/**
 * The in-band twin of retainOnDelete for GCP resources that offer `deletionPolicy`: in prod the
 * provider abandons the resource instead of deleting it, and a policy pack run by the CLI (which is
 * not told about retainOnDelete) can see that in the inputs. Dev deletes, so it tears down.
 */
export function gcpDeletionPolicy(ctx: Pick<PlatformContext, "retainData">): "ABANDON" | "DELETE" {
    return ctx.retainData ? "ABANDON" : "DELETE";
}

/** The project every GCP resource goes into; the config check guarantees it on gcp. */
export function gcpProjectOf(ctx: Pick<PlatformContext, "gcpProject">): string {
    if (!ctx.gcpProject) {
        throw new Error("gcp:project is not set; the platform config check requires it on gcp");
    }
    return ctx.gcpProject;
}
