import { StackValidationPolicy } from "@pulumi/policy";
import { featureStores } from "../lib/adapters";
import { describe, ResourceIndex } from "../lib/resource-index";

interface Config {
    minValkeyVersion: string;
    minRedisVersion: string;
}

/** `8.2` ≥ `7.2`, compared part by part. */
function atLeast(version: string, min: string): boolean {
    const a = version.split(".").map(Number);
    const b = min.split(".").map(Number);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const x = a[i] ?? 0;
        const y = b[i] ?? 0;
        if (Number.isNaN(x)) {
            return false;
        }
        if (x !== y) {
            return x > y;
        }
    }
    return true;
}

export const featureStoreEngineVersion: StackValidationPolicy = {
    name: "feature-store-engine-version",
    description:
        "Feature stores run a supported engine: Valkey minValkeyVersion or later, or Redis OSS minRedisVersion or later (older Redis OSS " +
        "on ElastiCache is in paid extended support). Fix: engine valkey with engineVersion 8.2 (ElastiCache) or VALKEY_8_0 (Memorystore); Azure " +
        "Managed Redis picks and upgrades its version itself.",
    configSchema: {
        properties: {
            minValkeyVersion: { type: "string", default: "7.2", description: "Oldest Valkey version accepted." },
            minRedisVersion: { type: "string", default: "7.0", description: "Oldest Redis OSS version accepted." },
        },
    },
    validateStack: (args, report) => {
        const { minValkeyVersion, minRedisVersion } = args.getConfig<Config>();
        for (const store of featureStores(new ResourceIndex(args.resources))) {
            const v = store.engineVersion();
            if (v === "managed") {
                continue;
            }
            if (!v || !v.version) {
                report(`${describe(store.resource)} states no engine version; pin a supported one.`, store.resource.urn);
                continue;
            }
            const min = v.engine === "valkey" ? minValkeyVersion : minRedisVersion;
            if (!atLeast(v.version, min)) {
                report(`${describe(store.resource)} runs ${v.engine} ${v.version} (${min} or later required).`, store.resource.urn);
            }
        }
    },
};
