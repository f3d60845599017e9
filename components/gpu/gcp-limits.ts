import { gpuCatalog, GpuModel } from "./catalog";

// Where each GPU of the table exists on Compute Engine, zone by zone. A GKE node pool can only be
// created in zones that offer its accelerator ("GPU regions and zones",
// https://cloud.google.com/compute/docs/gpus/gpu-regions-zones): a pool spanning a zone without it
// fails to create, and one that cannot create nodes cannot scale from zero. No provider function
// lists accelerator types (@pulumi/gcp 9.37 has getZones and getMachineTypes, neither says which
// GPUs a zone has), so the table is data, checked before anything is declared.
//
// Source: the zone list of the SkyPilot GCP catalog, which is generated from the Compute Engine API
// (`acceleratorTypes.list` / `machineTypes.list`), github.com/skypilot-org/skypilot-catalog
// catalogs/v8/gcp/vms.csv at 006059e0f18acb1341e22a27751e9f80df6ba92f: T4 and L4 from their
// accelerator rows, A100 40 GB from a2-highgpu, A100 80 GB from a2-ultragpu, H100 80 GB from
// a3-highgpu-8g. Regenerate with `gcloud compute accelerator-types list --filter="name=<type>"`.
// A zone Google adds later is simply not used until it is listed here; a region missing here is
// refused by the config check with the regions that do offer the GPU.

/** Accelerator type → region → zone letters (`abc` = region-a, region-b, region-c). */
const zoneLetters: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    "nvidia-tesla-t4": {
        "asia-east1": "ac", "asia-east2": "ac", "asia-northeast1": "ac", "asia-northeast3": "bc", "asia-south1": "ab",
        "asia-southeast1": "abc", "asia-southeast2": "ab", "australia-southeast1": "ac", "europe-central2": "bc",
        "europe-west1": "bcd", "europe-west2": "ab", "europe-west3": "b", "europe-west4": "abc", "me-west1": "bc",
        "northamerica-northeast1": "c", "southamerica-east1": "abc", "us-central1": "abcf", "us-east1": "bcd",
        "us-east4": "abc", "us-west1": "ab", "us-west2": "bc", "us-west3": "b", "us-west4": "ab",
    },
    "nvidia-l4": {
        "asia-east1": "abc", "asia-northeast1": "abc", "asia-northeast3": "ab", "asia-south1": "abc", "asia-southeast1": "abc",
        "europe-west1": "bc", "europe-west2": "ab", "europe-west3": "ab", "europe-west4": "abc", "europe-west6": "bc",
        "me-central2": "ac", "northamerica-northeast1": "bc", "northamerica-northeast2": "ab", "us-central1": "abc",
        "us-east1": "bcd", "us-east4": "ac", "us-west1": "abc", "us-west4": "ac",
    },
    "nvidia-tesla-a100": {
        "asia-northeast1": "ac", "asia-northeast3": "ab", "asia-southeast1": "abc", "europe-west4": "ab", "me-west1": "ac",
        "us-central1": "abcf", "us-east1": "b", "us-west1": "b", "us-west3": "b", "us-west4": "b",
    },
    "nvidia-a100-80gb": {
        "asia-southeast1": "c", "europe-west4": "a", "us-central1": "ac", "us-east4": "c", "us-east5": "ab",
    },
    "nvidia-h100-80gb": {
        "asia-east1": "c", "asia-northeast1": "b", "asia-south1": "c", "asia-south2": "b", "asia-southeast1": "bc",
        "australia-southeast1": "c", "europe-north1": "c", "europe-west1": "bc", "europe-west3": "c", "europe-west4": "bc",
        "europe-west9": "c", "us-central1": "abc", "us-east4": "abc", "us-east5": "a", "us-west1": "ab", "us-west4": "a",
    },
};

/** The accelerator type GKE attaches for a GPU model (the same for every count the table lists). */
export function gcpAccelerator(model: GpuModel): string | undefined {
    return Object.values(gpuCatalog.gcp[model] ?? {}).find((m) => m.accelerator)?.accelerator;
}

/** Zones of `region` that offer `accelerator`, sorted; empty when the region has none. */
export function acceleratorZones(accelerator: string, region: string): string[] {
    return [...(zoneLetters[accelerator]?.[region] ?? "")].sort().map((letter) => `${region}-${letter}`);
}

/** Regions that offer `accelerator`, sorted. */
export function regionsOffering(accelerator: string): string[] {
    return Object.keys(zoneLetters[accelerator] ?? {}).sort();
}

/** GPU models of the table that `region` offers. */
export function modelsInRegion(models: readonly GpuModel[], region: string): GpuModel[] {
    return models.filter((m) => {
        const accelerator = gcpAccelerator(m);
        return accelerator !== undefined && acceleratorZones(accelerator, region).length > 0;
    });
}
