import { StackValidationPolicy } from "@pulumi/policy";
import { streams } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const streamAuthenticatedAccess: StackValidationPolicy = {
    name: "stream-authenticated-access",
    description:
        "Clients authenticate with the cloud's identity system only: no unauthenticated access, no shared keys (SAS, SCRAM passwords). " +
        "Fix: MSK — IAM client authentication only; Event Hubs — disableLocalAuth true; Managed Service for Apache Kafka uses IAM.",
    validateStack: (args, report) => {
        for (const stream of streams(new ResourceIndex(args.resources))) {
            const ways = stream.nonIdentityAuth();
            if (ways.length) {
                report(`${describe(stream.resource)} lets clients in without the cloud's identity: ${ways.join(", ")}.`, stream.resource.urn);
            }
        }
    },
};
