import { Answer, InvokeContext } from "./common";

/** The region an invoke asks about: its own `region` input, else the provider's region. */
const regionOf = (inputs: Record<string, unknown>, ctx: InvokeContext): string => String(inputs.region ?? ctx.provider?.region ?? "us-central1");

// Zone suffixes of a few regions as Compute Engine lists them (they differ: us-central1 has no -d,
// us-east1 no -a); other regions answer a, b, c. us-central1 also lists an AI zone, which the
// network must skip. https://cloud.google.com/compute/docs/regions-zones#available
const zoneSuffixes: Readonly<Record<string, readonly string[]>> = {
    "us-central1": ["a", "ai1", "b", "c", "f"],
    "us-east1": ["b", "c", "d"],
    "europe-west1": ["b", "c", "d"],
};

export const gcpKubernetesInvokes: Record<string, Answer> = {
    // compute.zones.list for a region, in the API's (unsorted) order.
    "gcp:compute/getZones:getZones": (inputs, ctx) => {
        const region = regionOf(inputs, ctx);
        const names = (zoneSuffixes[region] ?? ["a", "b", "c"]).map((s) => `${region}-${s}`).reverse();
        return { names, region, project: String(inputs.project ?? ctx.provider?.project ?? "offline-project"), id: `projects/-/regions/${region}` };
    },
};
