import { Cloud } from "../../../components/shared/context";
import { PlatformSettings } from "../schema";
import { awsRules } from "./aws";
import { azureRules } from "./azure";
import { gcpRules } from "./gcp";

/** A check of one cloud's limits; throws a ConfigError naming the key, the value and what is allowed. */
export type CloudRule = (settings: PlatformSettings, ns: string) => void;

// What one cloud cannot do that the others can, checked before any resource is declared so a
// user learns it from the config line instead of from a failed `pulumi up` half-way through.
export const cloudRules: Readonly<Record<Cloud, readonly CloudRule[]>> = {
    aws: awsRules,
    gcp: gcpRules,
    azure: azureRules,
};
