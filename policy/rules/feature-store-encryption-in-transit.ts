import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";
import { connectionTransportProblems } from "../lib/views";

interface Config {
    minTlsVersion: string;
}

export const featureStoreEncryptionInTransit: StackValidationPolicy = {
    name: "feature-store-encryption-in-transit",
    description:
        "Feature-store clients connect over TLS only, no older than minTlsVersion. Fix: ElastiCache — transitEncryptionEnabled true with " +
        "transitEncryptionMode required; Memorystore — transitEncryptionMode SERVER_AUTHENTICATION; Azure Managed Redis — clientProtocol " +
        "Encrypted on the database and minimumTlsVersion 1.2 on the cluster.",
    configSchema: {
        properties: {
            minTlsVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Oldest TLS version a client may use." },
        },
    },
    validateStack: (args, report) => {
        const { minTlsVersion } = args.getConfig<Config>();
        for (const store of featureStores(new ResourceIndex(args.resources))) {
            const problems = connectionTransportProblems(store.transport(), minTlsVersion);
            if (problems.length) {
                report(`${describe(store.resource)}: ${problems.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
