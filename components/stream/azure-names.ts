import type { PlatformContext } from "../shared/context";
import { globalName } from "../shared/azure-names";

// Event Hubs namespaces and Geo-DR aliases are hosts under servicebus.windows.net, so their names are
// unique across Azure: 6-50 letters, digits and hyphens, starting with a letter and ending with a letter
// or digit. https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsofteventhub
const maxGlobalName = 50;

/**
 * A global Event Hubs name (namespace or alias) fixed by subscription, stack, role and region, so it is
 * known during a preview (the bootstrap address is) and the same on every run. The hash keeps two
 * subscriptions, or stacks cut to the same prefix, apart; it is hex, so the name never ends in the
 * reserved `-sb` or `-mgmt`.
 */
export function eventHubsGlobalName(ctx: Pick<PlatformContext, "project" | "stack">, subscriptionId: string, role: string, region: string): string {
    return globalName(ctx, { subscriptionId, service: "eventhubs", role, region, maxLength: maxGlobalName });
}

/** ARM id of an Event Hubs namespace, from parts known during a preview. */
export function namespaceId(subscriptionId: string, resourceGroup: string, namespace: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.EventHub/namespaces/${namespace}`;
}
