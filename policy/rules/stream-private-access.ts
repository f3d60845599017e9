import { StackValidationPolicy } from "@pulumi/policy";
import { streams } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

export const streamPrivateAccess: StackValidationPolicy = {
    name: "stream-private-access",
    description:
        "Streams are reachable from the private network only. Fix: MSK — no public access on the brokers; Event Hubs — publicNetworkAccess " +
        "Disabled with a private endpoint; Managed Service for Apache Kafka is private to its subnets.",
    validateStack: (args, report) => {
        for (const stream of streams(new ResourceIndex(args.resources))) {
            if (stream.publicNetworkAccess()) {
                report(`${describe(stream.resource)} accepts connections from public networks.`, stream.resource.urn);
            }
        }
    },
};
