import { StackValidationPolicy } from "@pulumi/policy";
import { streams } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

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
            const t = stream.transport();
            if (t === "enforced-by-cloud") {
                continue;
            }
            const problems = [
                ...(!t.httpsOnly ? ["plaintext connections are accepted"] : []),
                ...(!t.minTlsVersion || Number(t.minTlsVersion) < Number(minTlsVersion) ? [`TLS older than ${minTlsVersion} is accepted`] : []),
            ];
            if (problems.length) {
                report(`${describe(stream.resource)}: ${problems.join("; ")}.`, stream.resource.urn);
            }
        }
    },
};
