import { protectedBucket } from "./aws-bucket";
import { lakeGrant } from "./aws-grant";
import { LakeImplementation } from "./contract";

export const awsLake: LakeImplementation = { createStore: protectedBucket, lakeGrant };
