// The parts of @pulumi/gcp the program uses, each from its own submodule. Importing the package root
// makes tsc read the declarations of every GCP namespace on every type check; these re-exports are the
// same runtime objects (the root index re-exports these submodules), so `gcp.storage.Bucket` reads as
// before. Only GCP implementation files import this (a stack loads only its own cloud's SDK); a
// namespace the program starts to use is added here.

// The package root also registers the provider package, which the engine needs to rebuild a provider
// from a reference it hands back; load it as the root import did, without tsc reading its declarations
// (a bare require is untyped).
require("@pulumi/gcp");

export * as backupdisasterrecovery from "@pulumi/gcp/backupdisasterrecovery";
export * as compute from "@pulumi/gcp/compute";
export * as container from "@pulumi/gcp/container";
export * as kms from "@pulumi/gcp/kms";
export * as managedkafka from "@pulumi/gcp/managedkafka";
export * as memorystore from "@pulumi/gcp/memorystore";
export * as monitoring from "@pulumi/gcp/monitoring";
export * as networkconnectivity from "@pulumi/gcp/networkconnectivity";
export * as organizations from "@pulumi/gcp/organizations";
export * as projects from "@pulumi/gcp/projects";
export * as pubsub from "@pulumi/gcp/pubsub";
export * as serviceaccount from "@pulumi/gcp/serviceaccount";
export * as servicenetworking from "@pulumi/gcp/servicenetworking";
export * as sql from "@pulumi/gcp/sql";
export * as storage from "@pulumi/gcp/storage";
export * as types from "@pulumi/gcp/types";

export { Provider } from "@pulumi/gcp/provider";
export type { ProviderArgs } from "@pulumi/gcp/provider";
