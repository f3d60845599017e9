import type { PlatformContext } from "../shared/context";
import { globalName } from "../shared/azure-names";

// An Azure Managed Redis cluster is a host under <region>.redis.azure.net, so its name is unique across
// Azure: 1-60 letters, digits and hyphens, starting with a letter and ending with a letter or digit.
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftcache
const maxName = 60;

/** A cluster name fixed by subscription, stack, role and region: known during a preview, the same on every run. */
export function redisClusterName(ctx: Pick<PlatformContext, "project" | "stack">, subscriptionId: string, role: string, region: string): string {
    return globalName(ctx, { subscriptionId, service: "redis", role, region, maxLength: maxName });
}

/** ARM id of a cluster's database, from parts known during a preview (geo-replication links databases by id). */
export function databaseId(subscriptionId: string, resourceGroup: string, cluster: string, database = "default"): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Cache/redisEnterprise/${cluster}/databases/${database}`;
}

/** The database's eviction policy in Azure's spelling (`volatile-lru` → `VolatileLRU`). */
export function azureEvictionPolicy(policy: string): string {
    const [scope, kind] = policy.split("-");
    if (!kind) {
        return "NoEviction";
    }
    const head = scope === "allkeys" ? "AllKeys" : "Volatile";
    return `${head}${kind === "random" ? "Random" : kind.toUpperCase()}`;
}
