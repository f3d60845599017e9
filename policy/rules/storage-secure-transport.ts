import { StackValidationPolicy } from "@pulumi/policy";
import { objectStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minTlsVersion: string;
}

export const storageSecureTransport: StackValidationPolicy = {
    name: "storage-secure-transport",
    description:
        "Object stores refuse plain HTTP and TLS older than minTlsVersion. " +
        "Fix: AWS — a bucket policy that denies s3:* when aws:SecureTransport is false and when s3:TlsVersion is below the minimum; " +
        "Azure — enableHttpsTrafficOnly true and minimumTlsVersion TLS1_2 on the storage account. GCS has no per-bucket transport setting (its JSON API accepts HTTPS only, and TLS 1.0/1.1 are refused only where the " +
        "gcp.restrictTLSVersion organization policy denies them), so GCP buckets are not judged here: set that policy on the project or organization.",
    configSchema: {
        properties: {
            minTlsVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Oldest TLS version a client may use." },
        },
    },
    validateStack: (args, report) => {
        const { minTlsVersion } = args.getConfig<Config>();
        for (const store of objectStores(new ResourceIndex(args.resources))) {
            const transport = store.transport();
            if (transport === "enforced-by-cloud") {
                continue;
            }
            const problems: string[] = [];
            if (!transport.tlsOnly) {
                problems.push("plain HTTP is not refused");
            }
            if (!transport.minTlsVersion || Number(transport.minTlsVersion) < Number(minTlsVersion)) {
                problems.push(`TLS older than ${minTlsVersion} is accepted${transport.minTlsVersion ? ` (minimum is ${transport.minTlsVersion})` : ""}`);
            }
            if (problems.length) {
                report(`${describe(store.resource)}: ${problems.join("; ")}.`, store.resource.urn);
            }
        }
    },
};
