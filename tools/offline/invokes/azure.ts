import { Answer, offlineAccount } from "./common";

export const azureInvokes: Record<string, Answer> = {
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "33333333-3333-3333-3333-333333333333",
        objectId: offlineAccount.azureObjectId,
        subscriptionId: offlineAccount.azureSubscriptionId,
        tenantId: offlineAccount.azureTenantId,
    }),
};
