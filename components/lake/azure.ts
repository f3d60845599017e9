import { protectedAccount } from "./azure-account";
import { lakeGrant } from "./azure-grant";
import { LakeImplementation } from "./contract";

export const azureLake: LakeImplementation = { createStore: protectedAccount, lakeGrant };
