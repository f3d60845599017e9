// Answers for the provider functions the program calls. Offline there is no cloud to ask, so each
// answer is a stand-in with the right shape and fixed ids; an invoke missing from every table fails
// loudly instead of returning something the program would misread. One table per cloud.

export const offlineAccount = {
    awsAccountId: "123456789012",
    gcpProjectNumber: "123456789012",
    azureSubscriptionId: "00000000-0000-0000-0000-000000000000",
    azureTenantId: "11111111-1111-1111-1111-111111111111",
    azureObjectId: "22222222-2222-2222-2222-222222222222",
};

export interface InvokeContext {
    /** Inputs of the explicit provider the invoke was sent through, if any. */
    readonly provider?: Record<string, unknown>;
}

export type Answer = (inputs: Record<string, unknown>, ctx: InvokeContext) => Record<string, unknown>;

/** The region (or location) of the provider an invoke went through. */
export const regionOf = (ctx: InvokeContext): string => String(ctx.provider?.region ?? ctx.provider?.location ?? "us-east-1");
