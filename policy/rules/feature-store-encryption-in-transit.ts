import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

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
            const t = store.transport();
            if (t === "enforced-by-cloud") {
                continue;
            }
            const problems = [
                ...(!t.httpsOnly ? ["plaintext connections are accepted"] : []),
                ...(!t.minTlsVersion || Number(t.minTlsVersion) < Number(minTlsVersion) ? [`TLS older than ${minTlsVersion} is accepted`] : []),
            ];
            if (problems.length) {
                report(`${describe(store.resource)}: ${problems.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
