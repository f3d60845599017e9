import { protectedAccount } from "./azure-account";
import { CreateDataLake } from "./index";

export const createDataLake: CreateDataLake = (self, { ctx, providers, keys, settings }) =>
    protectedAccount(self, "lake", { ctx, provider: providers.primary, key: keys.primary, settings, role: "lake" });
