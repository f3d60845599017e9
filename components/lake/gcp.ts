import { protectedBucket } from "./gcp-bucket";
import { lakeGrant } from "./gcp-grant";
import { LakeImplementation } from "./contract";

export const gcpLake: LakeImplementation = { createStore: protectedBucket, lakeGrant };
