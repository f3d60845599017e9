// Answers for the provider functions the program calls. Offline there is no cloud to ask, so each
// answer is a stand-in with the right shape; the plan shows them as what they are (fixed ids).
// An invoke missing here fails loudly instead of returning something the program misreads.

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

type Answer = (inputs: Record<string, unknown>, ctx: InvokeContext) => Record<string, unknown>;

const region = (ctx: InvokeContext): string => String(ctx.provider?.region ?? ctx.provider?.location ?? "us-east-1");

export const invokes: Record<string, Answer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: offlineAccount.awsAccountId,
        arn: `arn:aws:iam::${offlineAccount.awsAccountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: offlineAccount.awsAccountId,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_, ctx) => ({ name: region(ctx), region: region(ctx), endpoint: `ec2.${region(ctx)}.amazonaws.com`, id: region(ctx) }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_, ctx) => {
        const r = region(ctx);
        return { names: ["a", "b", "c"].map((z) => `${r}${z}`), zoneIds: [1, 2, 3].map((n) => `${r}-az${n}`), id: r };
    },
    "gcp:organizations/getProject:getProject": (inputs, ctx) => ({
        projectId: inputs.projectId ?? ctx.provider?.project,
        number: offlineAccount.gcpProjectNumber,
        name: inputs.projectId ?? ctx.provider?.project,
        id: `projects/${inputs.projectId ?? ctx.provider?.project}`,
    }),
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": () => ({
        emailAddress: `service-${offlineAccount.gcpProjectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
        member: `serviceAccount:service-${offlineAccount.gcpProjectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
        id: "gs-project-accounts",
    }),
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": () => ({
        email: `project-${offlineAccount.gcpProjectNumber}@storage-transfer-service.iam.gserviceaccount.com`,
        member: `serviceAccount:project-${offlineAccount.gcpProjectNumber}@storage-transfer-service.iam.gserviceaccount.com`,
        subjectId: "000000000000000000000",
        id: "storage-transfer-service",
    }),
    "azure-native:authorization:getClientConfig": () => ({
        clientId: "33333333-3333-3333-3333-333333333333",
        objectId: offlineAccount.azureObjectId,
        subscriptionId: offlineAccount.azureSubscriptionId,
        tenantId: offlineAccount.azureTenantId,
    }),
};
