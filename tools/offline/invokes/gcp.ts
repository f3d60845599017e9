import { Answer, InvokeContext, offlineAccount } from "./common";

/** The project an invoke asks about: its own `project` input, else the provider's project. */
const projectOf = (inputs: Record<string, unknown>, ctx: InvokeContext): string =>
    String(inputs.project ?? inputs.projectId ?? ctx.provider?.project ?? "offline-project");

const storageAgent = `service-${offlineAccount.gcpProjectNumber}@gs-project-accounts.iam.gserviceaccount.com`;
const transferAgent = `project-${offlineAccount.gcpProjectNumber}@storage-transfer-service.iam.gserviceaccount.com`;

export const gcpInvokes: Record<string, Answer> = {
    "gcp:organizations/getProject:getProject": (inputs, ctx) => ({
        projectId: projectOf(inputs, ctx),
        number: offlineAccount.gcpProjectNumber,
        name: projectOf(inputs, ctx),
        id: `projects/${projectOf(inputs, ctx)}`,
    }),
    // The Cloud Storage service agent, as storage.projects.serviceAccount.get returns it.
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": (inputs, ctx) => ({
        emailAddress: storageAgent,
        member: `serviceAccount:${storageAgent}`,
        project: projectOf(inputs, ctx),
        id: storageAgent,
    }),
    // The Storage Transfer Service agent, as googleServiceAccounts.get returns it.
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (inputs, ctx) => ({
        email: transferAgent,
        member: `serviceAccount:${transferAgent}`,
        subjectId: "100000000000000000001",
        project: projectOf(inputs, ctx),
        id: transferAgent,
    }),
};
