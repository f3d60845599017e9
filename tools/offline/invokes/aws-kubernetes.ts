import { Answer, regionOf } from "./common";

export const awsKubernetesInvokes: Record<string, Answer> = {
    // Which zones of the region offer an instance type. Offline every type is offered in every
    // zone aws.getAvailabilityZones can answer with.
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": (inputs, ctx) => {
        const r = regionOf(ctx);
        const types = ((inputs.filters as { name: string; values: string[] }[] | undefined) ?? []).filter((f) => f.name === "instance-type").flatMap((f) => f.values);
        const zones = ["a", "b", "c", "d"].map((z) => `${r}${z}`);
        const pairs = types.flatMap((t) => zones.map((z) => [t, z] as const));
        return {
            id: r,
            region: r,
            instanceTypes: pairs.map(([t]) => t),
            locations: pairs.map(([, z]) => z),
            locationTypes: pairs.map(() => String(inputs.locationType ?? "availability-zone")),
        };
    },
};
