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
    // Four zones per region, zone n having the id <region code>-az<n> (us-east-1b is use1-az2 here;
    // real accounts map names to ids each their own way), less those the program excludes.
    "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, ctx) => {
        const r = regionOf(ctx);
        const excluded = new Set([...((inputs.excludeZoneIds as string[] | undefined) ?? []), ...((inputs.excludeNames as string[] | undefined) ?? [])]);
        const zones = ["a", "b", "c", "d"].map((z, i) => ({ name: `${r}${z}`, zoneId: `${awsRegionCode(r)}-az${i + 1}` })).filter((z) => !excluded.has(z.name) && !excluded.has(z.zoneId));
        return { names: zones.map((z) => z.name), zoneIds: zones.map((z) => z.zoneId), id: r };
    },
};

/** The short code AWS zone ids start with: us-east-1 → use1, ap-southeast-2 → apse2, ca-central-1 → cac1. */
export function awsRegionCode(region: string): string {
    const [area, direction, number] = region.split("-");
    const short: Record<string, string> = { north: "n", south: "s", east: "e", west: "w", central: "c", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw" };
    return `${area}${short[direction] ?? direction}${number}`;
}
