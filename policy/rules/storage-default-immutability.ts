import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minLockDays: number;
}

export const storageDefaultImmutability: StackValidationPolicy = {
    name: "storage-default-immutability",
    description:
        "Every new object version is immutable for at least minLockDays by default, so ransomware or a bad job cannot destroy recent data. " +
        "Fix: set ai-data-platform:lake.lockDays to minLockDays or more (AWS — Object Lock default retention; GCP — soft delete / object retention; " +
        "Azure — version-level immutability policy on the storage account).",
    configSchema: {
        properties: {
            minLockDays: { type: "integer", minimum: 0, default: 30, description: "Shortest default immutability accepted, in days; 0 accepts none." },
        },
    },
    validateStack: (args, report) => {
        const { minLockDays } = args.getConfig<Config>();
        if (minLockDays === 0) {
            return;
        }
        for (const store of objectStores(new ResourceIndex(args.resources))) {
            const lock = store.defaultLock();
            if (!lock) {
                report(`${describe(store.resource)} has no default immutability (at least ${minLockDays} days required).`, store.resource.urn);
            } else if (lock.days < minLockDays) {
                report(`${describe(store.resource)} locks new versions for ${lock.days} days (at least ${minLockDays} required).`, store.resource.urn);
            }
        }
    },
};
