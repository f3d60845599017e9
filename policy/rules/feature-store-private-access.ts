import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const featureStorePrivateAccess: StackValidationPolicy = {
    name: "feature-store-private-access",
    description:
        "Feature stores are reachable from the private network only. Fix: Azure Managed Redis — publicNetworkAccess Disabled with a private " +
        "endpoint; ElastiCache lives in the VPC's subnets and Memorystore behind Private Service Connect, neither with a public endpoint.",
    validateStack: (args, report) => {
        for (const store of featureStores(new ResourceIndex(args.resources))) {
            if (store.publicNetworkAccess()) {
                report(`${describe(store.resource)} accepts connections from public networks.`, store.resource.urn);
            }
        }
    },
};
