// The parts of @pulumi/aws the program uses, each from its own submodule. Importing the package root
// makes tsc read the declarations of all ~250 AWS namespaces on every type check; these re-exports are
// the same runtime objects (the root index re-exports these submodules), so `aws.s3.BucketV2` reads as
// before. Only AWS implementation files import this (a stack loads only its own cloud's SDK); a
// namespace the program starts to use is added here.

// The package root also registers the provider package, which the engine needs to rebuild a provider
// from a reference it hands back; load it as the root import did, without tsc reading its declarations
// (a bare require is untyped).
require("@pulumi/aws");

export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as autoscaling from "@pulumi/aws/autoscaling";
export * as backup from "@pulumi/aws/backup";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as eks from "@pulumi/aws/eks";
export * as elasticache from "@pulumi/aws/elasticache";
export * as iam from "@pulumi/aws/iam";
export * as kinesis from "@pulumi/aws/kinesis";
export * as kms from "@pulumi/aws/kms";
export * as msk from "@pulumi/aws/msk";
export * as rds from "@pulumi/aws/rds";
export * as s3 from "@pulumi/aws/s3";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as sns from "@pulumi/aws/sns";
export * as ssm from "@pulumi/aws/ssm";
export * as types from "@pulumi/aws/types";
export * as vpc from "@pulumi/aws/vpc";

export { Provider } from "@pulumi/aws/provider";
export type { ProviderArgs } from "@pulumi/aws/provider";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export { getPartitionOutput } from "@pulumi/aws/getPartition";
