import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const featureStoreAuthentication: StackValidationPolicy = {
    name: "feature-store-authentication",
    description:
        "Every feature-store client authenticates: no open access and no default user without a password. Fix: ElastiCache — an RBAC user " +
        "group (userGroupIds) whose default user is off or has a password; Memorystore — authorizationMode IAM_AUTH; Azure Managed Redis — " +
        "accessKeysAuthentication Disabled (Microsoft Entra ID access policy assignments instead).",
    validateStack: (args, report) => {
        for (const store of featureStores(new ResourceIndex(args.resources))) {
            const ways = store.unauthenticatedAccess();
            if (ways.length) {
                report(`${describe(store.resource)} lets clients in without authenticating: ${ways.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
