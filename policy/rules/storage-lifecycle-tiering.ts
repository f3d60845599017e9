import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    maxColdAfterDays: number;
    maxArchiveAfterDays: number;
}

export const storageLifecycleTiering: StackValidationPolicy = {
    name: "storage-lifecycle-tiering",
    description:
        "Object stores move data to an infrequent-access class within maxColdAfterDays and to an archive class within maxArchiveAfterDays, " +
        "expire superseded versions, and clean up incomplete uploads. Fix: set ai-data-platform:lake coldAfterDays / archiveAfterDays / " +
        "noncurrentVersionDays; for hand-written stores add a whole-bucket lifecycle rule (AWS BucketLifecycleConfiguration, GCP lifecycleRules, " +
        "Azure ManagementPolicy) with those transitions, a noncurrent-version expiry and an abort-incomplete-upload action.",
    configSchema: {
        properties: {
            maxColdAfterDays: { type: "integer", minimum: 1, default: 90, description: "Latest day objects may still be in the hot class." },
            maxArchiveAfterDays: { type: "integer", minimum: 1, default: 365, description: "Latest day objects may still be outside the archive class." },
        },
    },
    validateStack: (args, report) => {
        const { maxColdAfterDays, maxArchiveAfterDays } = args.getConfig<Config>();
        for (const store of objectStores(new ResourceIndex(args.resources))) {
            const l = store.lifecycle();
            const problems: string[] = [];
            if (l.coldAfterDays === undefined) {
                problems.push("nothing moves to an infrequent-access class");
            } else if (l.coldAfterDays > maxColdAfterDays) {
                problems.push(`objects move to an infrequent-access class after ${l.coldAfterDays} days (at most ${maxColdAfterDays})`);
            }
            if (l.archiveAfterDays === undefined) {
                problems.push("nothing moves to an archive class");
            } else if (l.archiveAfterDays > maxArchiveAfterDays) {
                problems.push(`objects move to an archive class after ${l.archiveAfterDays} days (at most ${maxArchiveAfterDays})`);
            }
            if (l.noncurrentExpiryDays === undefined) {
                problems.push("superseded versions never expire");
            }
            if (l.abortIncompleteUploadDays === undefined) {
                problems.push("incomplete uploads are never cleaned up");
            }
            if (problems.length) {
                report(`${describe(store.resource)}: ${problems.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
