// Types every component shares. Components never read stack config themselves: the program
// validates it once (stacks/config) and hands each component the typed values it needs.
import type { EnvironmentProfile } from "./profile";

export const clouds = ["aws", "gcp", "azure"] as const;
export type Cloud = (typeof clouds)[number];

export const environments = ["dev", "prod"] as const;
export type Environment = (typeof environments)[number];

/** What every component needs to know about the stack it is part of. */
export interface PlatformContext {
    readonly project: string;
    readonly stack: string;
    readonly cloud: Cloud;
    readonly environment: Environment;
    /** What the environment means (zones, protection, log retention…): read this, never `environment`'s name. */
    readonly profile: EnvironmentProfile;
    /** Primary region, in the chosen cloud's own naming. */
    readonly region: string;
    /** Region of the replica and the backup copies; never equal to `region`. */
    readonly backupRegion: string;
    /** GCP only: the project every resource goes into. */
    readonly gcpProject?: string;
    /**
     * Data-bearing resources outlive the program: set in prod (`profile.retainData`) so that a `pulumi up`
     * after a cloud swap (or a mistaken removal) leaves the data where it is instead of deleting it.
     */
    readonly retainData: boolean;
    /** Labels/tags stamped on every resource that takes them. */
    readonly tags: Readonly<Record<string, string>>;
    /**
     * What the user set under the chosen cloud's provider namespace (`aws:profile`, `gcp:credentials`,
     * `azure-native:subscriptionId`, ...), read by stacks/config: explicit providers do not read stack
     * config by themselves, so they are handed it; the platform's own region settings win.
     */
    readonly providerSettings: Readonly<Record<string, string>>;
}

/**
 * A capability's cloud handle as the cloud `H` built it: each cloud's module tags the handle it hands
 * its own cloud's other components, and this checks the tag and narrows to that cloud's handle.
 * `what` names the owner in the error (`the network was built for gcp, not aws`).
 */
export function handleOf<H extends { cloud: Cloud }>(owner: { handle: { cloud: Cloud } }, cloud: H["cloud"], what: string): H {
    if (owner.handle.cloud !== cloud) {
        throw new Error(`the ${what} was built for ${owner.handle.cloud}, not ${cloud}`);
    }
    return owner.handle as H;
}

/**
 * A short, lowercase prefix for physical names (`adp-prod`), safe in every cloud's naming rules:
 * the stack name keeps two stacks of one project apart, and it is cut so that the cloud's own
 * random suffix still fits the tightest limits (S3 and GCS 63, Key Vault 24).
 */
export function namePrefix(ctx: Pick<PlatformContext, "stack">): string {
    const stack = ctx.stack.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return `adp-${stack.slice(0, 12).replace(/-+$/, "")}`;
}
