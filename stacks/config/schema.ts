import { z } from "zod";
import { clouds, environments, Environment } from "../../components/shared/context";
import { airflowShape, checkAirflow } from "./sections/airflow";
import { checkKubernetes, kubernetesShape } from "./sections/kubernetes";
import { checkNetwork, networkShape } from "./sections/network";
import { checkStorage, storageDefaults, storageShape } from "./sections/storage";
import { checkStream, streamShape } from "./sections/stream";
import { text } from "./sections/common";

// The shape of the `ai-data-platform:*` config namespace, assembled from one section per capability;
// each section brings its per-environment defaults and its checks across keys.

/** Keys read before the rest, because the rest's defaults depend on them. */
export const headSchema = z.object({
    cloud: z.enum(clouds, { error: clouds.join(" | ") }),
    environment: z.enum(environments, { error: environments.join(" | ") }),
});

export function platformSchema(environment: Environment) {
    return z.strictObject({
        ...headSchema.shape,
        region: text("the primary region, in the chosen cloud's own naming"),
        backupRegion: text("a second region of the chosen cloud, different from region"),
        ...storageShape(environment),
        ...networkShape(),
        ...kubernetesShape(environment),
        ...streamShape(environment),
        ...airflowShape(environment),
    });
}

export type PlatformSettings = z.infer<ReturnType<typeof platformSchema>>;

/** Checks across keys of the same capability, after the shape is valid; each throws a ConfigError. */
export function checkSections(s: PlatformSettings, ns: string): void {
    checkStorage(s, ns);
    checkNetwork(s, ns);
    checkKubernetes(s, ns);
    checkStream(s, ns);
    checkAirflow(s, ns);
}

/** Storage defaults, for documentation and tests. */
export const defaults = storageDefaults;

/** Keys a user may set under `ai-data-platform:`, for the unknown-key message. */
export const knownKeys = Object.keys(platformSchema("dev").shape);
