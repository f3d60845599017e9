import { Answer, offlineAccount } from "./common";

export const gcpInvokes: Record<string, Answer> = {
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
};
