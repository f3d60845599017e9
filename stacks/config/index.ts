import * as pulumi from "@pulumi/pulumi";
import { parsePlatformConfig, PlatformConfig } from "./load";

export { ConfigError, isConfigError } from "./errors";
export { parsePlatformConfig, platformContext, PlatformConfig } from "./load";
export { defaults } from "./schema";
export { regions } from "./regions";

/** Reads and validates this stack's config from the running Pulumi program. */
export function readPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(pulumi.runtime.allConfig(), { project: pulumi.getProject(), stack: pulumi.getStack() });
}
