import { maxImmutabilityDays } from "../../../components/shared/azure-limits";
import { Cloud } from "../../../components/shared/context";
import { PlatformSettings } from "../schema";
import { awsRules } from "./aws";
import { awsKubernetesRules } from "./aws-kubernetes";
import { awsStreamRules } from "./aws-stream";
import { azureRules } from "./azure";
import { azureKubernetesRules } from "./azure-kubernetes";
import { azureStreamRules } from "./azure-stream";
import { gcpRules, softDeleteMaxDays } from "./gcp";
import { gcpKubernetesRules } from "./gcp-kubernetes";
import { gcpStreamRules } from "./gcp-stream";
import { awsFeatureStoreNetworkRule, featureStoreRule } from "./feature-store";

/** A check of one cloud's limits; throws a ConfigError naming the key, the value and what is allowed. */
export type CloudRule = (settings: PlatformSettings, ns: string) => void;

// What one cloud cannot do that the others can, checked before any resource is declared so a
// user learns it from the config line instead of from a failed `pulumi up` half-way through.
// One file per cloud and capability (storage in `<cloud>.ts`).
export const cloudRules: Readonly<Record<Cloud, readonly CloudRule[]>> = {
    aws: [...awsRules, ...awsKubernetesRules, ...awsStreamRules, featureStoreRule("aws"), awsFeatureStoreNetworkRule],
    gcp: [...gcpRules, ...gcpKubernetesRules, ...gcpStreamRules, featureStoreRule("gcp")],
    azure: [...azureRules, ...azureKubernetesRules, ...azureStreamRules, featureStoreRule("azure")],
};

/** The longest default lock each cloud can put on the lake's versions (S3 Object Lock has no cap). */
export const maxLakeLockDays: Readonly<Record<Cloud, number>> = { aws: Infinity, gcp: softDeleteMaxDays, azure: maxImmutabilityDays };
