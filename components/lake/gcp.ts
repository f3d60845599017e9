import { protectedBucket } from "./gcp-bucket";
import { CreateDataLake } from "./index";

export const createDataLake: CreateDataLake = (self, { ctx, providers, keys, settings }) =>
    protectedBucket(self, "lake", { ctx, provider: providers.primary, key: keys.primary, settings, role: "lake" });
