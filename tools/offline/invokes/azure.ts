import { Answer, offlineAccount } from "./common";

/**
 * An unsigned JWT shaped like the ARM access token of a user signed in with the Azure CLI: delegated
 * scope (`scp`), `idtyp` user. Nothing verifies it offline; the program only reads its claims.
 */
function offlineArmToken(): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    return [
        part({ typ: "JWT", alg: "none" }),
        part({
            aud: "https://management.azure.com/",
            iss: `https://sts.windows.net/${offlineAccount.azureTenantId}/`,
            iat: now,
            nbf: now,
            exp: now + 3600,
            idtyp: "user",
            oid: offlineAccount.azureObjectId,
            scp: "user_impersonation",
            tid: offlineAccount.azureTenantId,
            ver: "1.0",
        }),
        "",
    ].join(".");
}

export const azureInvokes: Record<string, Answer> = {
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "33333333-3333-3333-3333-333333333333",
        objectId: offlineAccount.azureObjectId,
        subscriptionId: offlineAccount.azureSubscriptionId,
        tenantId: offlineAccount.azureTenantId,
    }),
    "azure-native:authorization:getClientToken": () => ({ token: offlineArmToken() }),
};
