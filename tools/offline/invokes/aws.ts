import { Answer, offlineAccount, regionOf } from "./common";

export const awsInvokes: Record<string, Answer> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: offlineAccount.awsAccountId,
        arn: `arn:aws:iam::${offlineAccount.awsAccountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: offlineAccount.awsAccountId,
    }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:index/getRegion:getRegion": (_, ctx) => ({ name: regionOf(ctx), region: regionOf(ctx), endpoint: `ec2.${regionOf(ctx)}.amazonaws.com`, id: regionOf(ctx) }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_, ctx) => {
        const r = regionOf(ctx);
        return { names: ["a", "b", "c"].map((z) => `${r}${z}`), zoneIds: [1, 2, 3].map((n) => `${r}-az${n}`), id: r };
    },
};
