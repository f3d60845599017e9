import { StackValidationPolicy } from "@pulumi/policy";
import { streams } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";
import { connectionTransportProblems } from "../lib/views";

interface Config {
    minTlsVersion: string;
}

export const streamEncryptionInTransit: StackValidationPolicy = {
    name: "stream-encryption-in-transit",
    description:
        "Kafka clients and brokers talk TLS only, no older than minTlsVersion. Fix: MSK — clientBroker TLS and inCluster true; " +
        "Event Hubs — minimumTlsVersion 1.2; Managed Service for Apache Kafka serves TLS only.",
    configSchema: {
        properties: {
            minTlsVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Oldest TLS version a client may use." },
        },
    },
    validateStack: (args, report) => {
        const { minTlsVersion } = args.getConfig<Config>();
        for (const stream of streams(new ResourceIndex(args.resources))) {
            const problems = connectionTransportProblems(stream.transport(), minTlsVersion);
            if (problems.length) {
                report(`${describe(stream.resource)}: ${problems.join("; ")}.`, stream.resource.urn);
            }
        }
    },
};
