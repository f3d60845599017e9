import { ResourceValidationPolicy } from "@pulumi/policy";
import { adapterFor } from "../lib/adapters";

export const dataRetainedOnDelete: ResourceValidationPolicy = {
    name: "data-retained-on-delete",
    description:
        "Data-bearing resources (buckets, storage accounts, keys, key and backup vaults, Kafka clusters, Event Hubs namespaces and event hubs, " +
        "managed PostgreSQL databases) " +
        "survive their removal from the program — as a cloud " +
        "swap removes them — instead of being destroyed. Fix: create them with the retainOnDelete (or protect) resource option; the platform " +
        "does so in prod. The Pulumi engine does not pass retainOnDelete to policy packs, so under the CLI this policy can only judge resources " +
        "whose own inputs say it (GCP deletionPolicy) and is not applicable to the others; the offline plan (npm run plan) knows the option and " +
        "reports what it finds there as an offline-only finding.",
    validateResource: (args, report) => {
        const adapter = adapterFor(args.type);
        if (!adapter) {
            return;
        }
        const opts = args.opts as typeof args.opts & { retainOnDelete?: boolean };
        if (opts.protect || opts.retainOnDelete === true) {
            return;
        }
        const byInputs = adapter.retainedByInputs?.(args.type, args.props);
        if (byInputs === true) {
            return;
        }
        if (opts.retainOnDelete === false || byInputs === false) {
            report(`${args.type} "${args.name}" would be deleted, with its data, when it leaves the program; set retainOnDelete.`);
            return;
        }
        return args.notApplicable("the Pulumi engine does not pass retainOnDelete to policy packs; run the offline plan to check it");
    },
};
