import { z } from "zod";
import { Cloud, PlatformContext, environments } from "../../components/shared/context";
import { profiles } from "../../components/shared/profile";
import { cloudRules, maxLakeLockDays } from "./cloud-rules/index";
import { ConfigError } from "./errors";
import { cloudOfRegion, regions } from "./regions";
import { checkSections, headSchema, knownKeys, platformSchema, PlatformSettings } from "./schema";
import { resolveFeatureStore } from "./sections/feature-store";
import { checkProdLock } from "./sections/storage";
import { FeatureStoreSettings } from "../../components/feature-store/contract";

export interface PlatformConfig extends PlatformSettings {
    /** With its defaults resolved for the cloud (persistence). */
    readonly featureStore: FeatureStoreSettings;
    readonly project: string;
    readonly stack: string;
    /** `gcp:project`; required on gcp. */
    readonly gcpProject?: string;
    /** What the user set under the chosen cloud's provider namespace (`aws:profile`, ...), for its explicit providers. */
    readonly providerSettings: Readonly<Record<string, string>>;
}

/** The config namespace of each cloud's provider. */
const providerNamespaces: Readonly<Record<Cloud, string>> = { aws: "aws", gcp: "gcp", azure: "azure-native" };

export interface StackIdentity {
    readonly project: string;
    readonly stack: string;
}

/**
 * Validates the whole stack config in one place and returns typed values, or throws a ConfigError
 * whose message is one line naming the key, the value and what is allowed.
 *
 * `raw` is the flat map Pulumi hands a program (`namespace:key` → string; objects as JSON text).
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, id: StackIdentity): PlatformConfig {
    const ns = id.project;
    const values = ownKeys(raw, ns);

    for (const key of Object.keys(values)) {
        if (!knownKeys.includes(key)) {
            throw new ConfigError(`${ns}:${key}`, values[key], `one of the keys ${knownKeys.join(", ")}${suggest(key, knownKeys)}`);
        }
    }

    // The stack name stands in for the environment when it is one of them (`dev`, `prod`).
    if (values.environment === undefined && (environments as readonly string[]).includes(id.stack)) {
        values.environment = id.stack;
    }
    const head = headSchema.safeParse(values);
    if (!head.success) {
        throw toConfigError(head.error.issues[0], values, ns);
    }
    const parsed = platformSchema(head.data.environment).safeParse(values);
    if (!parsed.success) {
        throw toConfigError(parsed.error.issues[0], values, ns);
    }
    const settings = { ...parsed.data, featureStore: resolveFeatureStore(parsed.data) };
    checkRegions(settings, ns);
    checkSections(settings, ns);
    for (const rule of cloudRules[settings.cloud]) {
        rule(settings, ns);
    }
    checkProdLock(settings, ns, { name: settings.cloud, maxLockDays: maxLakeLockDays[settings.cloud] });

    const gcpProject = raw["gcp:project"];
    if (settings.cloud === "gcp" && !gcpProject) {
        throw new ConfigError("gcp:project", gcpProject, `the id of the GCP project to deploy into (required when ${ns}:cloud is gcp)`);
    }
    const providerSettings = providerSettingsOf(raw, providerNamespaces[settings.cloud]);
    return { ...settings, project: id.project, stack: id.stack, providerSettings, ...(settings.cloud === "gcp" ? { gcpProject } : {}) };
}

/** The context components receive: identity, placement, the environment's profile, retention and the tags every resource carries. */
export function platformContext(cfg: PlatformConfig): PlatformContext {
    const profile = profiles[cfg.environment];
    return {
        project: cfg.project,
        stack: cfg.stack,
        cloud: cfg.cloud,
        environment: cfg.environment,
        profile,
        region: cfg.region,
        backupRegion: cfg.backupRegion,
        ...(cfg.gcpProject ? { gcpProject: cfg.gcpProject } : {}),
        retainData: profile.retainData,
        tags: {
            // Lowercase letters, digits, `-` and `_` only: the strictest of the three clouds (GCP labels).
            platform: label(cfg.project),
            environment: cfg.environment,
            stack: label(cfg.stack),
            "managed-by": "pulumi",
        },
        providerSettings: cfg.providerSettings,
    };
}

function providerSettingsOf(raw: Readonly<Record<string, string>>, namespace: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
        if (key.startsWith(`${namespace}:`)) {
            out[key.slice(namespace.length + 1)] = value;
        }
    }
    return out;
}

function ownKeys(raw: Readonly<Record<string, string>>, ns: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(raw)) {
        if (fullKey.startsWith(`${ns}:`)) {
            out[fullKey.slice(ns.length + 1)] = decode(text);
        }
    }
    return out;
}

// Pulumi passes structured values as JSON text and scalars as plain text.
function decode(text: string): unknown {
    const t = text.trim();
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return text;
        }
    }
    return text;
}

function checkRegions(s: PlatformSettings, ns: string): void {
    for (const key of ["region", "backupRegion"] as const) {
        const value = s[key];
        if (!regions[s.cloud].includes(value)) {
            const other = cloudOfRegion(value);
            const hint = other ? ` (${JSON.stringify(value)} is ${article(other)} ${other} region; ${ns}:cloud is ${s.cloud})` : "";
            throw new ConfigError(`${ns}:${key}`, value, `${article(s.cloud)} ${s.cloud} region${hint}: ${regions[s.cloud].join(", ")}`);
        }
    }
    if (s.backupRegion === s.region) {
        throw new ConfigError(`${ns}:backupRegion`, s.backupRegion, `${article(s.cloud)} ${s.cloud} region other than ${ns}:region (${s.region}), so a regional outage cannot take both copies`);
    }
}


function toConfigError(issue: z.core.$ZodIssue, values: Record<string, unknown>, ns: string): ConfigError {
    const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
    if (issue.code === "unrecognized_keys") {
        const key = issue.keys[0];
        const parent = valueAt(values, path);
        const siblings = parentKeys(path);
        return new ConfigError(`${ns}:${formatPath([...path, key])}`, (parent as Record<string, unknown>)[key], `one of the keys ${siblings.join(", ")}${suggest(key, siblings)}`);
    }
    return new ConfigError(`${ns}:${formatPath(path)}`, valueAt(values, path), issue.message);
}

/** `kubernetes.gpuPools[0].gpu`, as a user would point at it in YAML. */
function formatPath(path: readonly (string | number)[]): string {
    return path.reduce<string>((out, k) => (typeof k === "number" ? `${out}[${k}]` : out ? `${out}.${k}` : k), "");
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
    return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined), root);
}

function parentKeys(path: readonly (string | number)[]): string[] {
    let shape: unknown = platformSchema("dev");
    for (const key of path) {
        const s = unwrap(shape);
        shape = typeof key === "number" ? (s as z.ZodArray<z.ZodType>).element : (s as z.ZodObject).shape[key];
    }
    return Object.keys((unwrap(shape) as z.ZodObject).shape);
}

// Peels defaults, optionals and prefaults off a schema to reach the object or array inside.
function unwrap(schema: unknown): unknown {
    let s = schema as { def?: { innerType?: unknown } };
    while (!(s instanceof z.ZodObject) && !(s instanceof z.ZodArray) && s.def?.innerType) {
        s = s.def.innerType as typeof s;
    }
    return s;
}

function suggest(key: string, candidates: readonly string[]): string {
    const best = candidates
        .map((c) => ({ c, d: distance(key.toLowerCase(), c.toLowerCase()) }))
        .sort((a, b) => a.d - b.d)[0];
    return best && best.d <= 2 ? ` (did you mean ${best.c}?)` : "";
}

function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}

function label(value: string): string {
    return value.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);
}

function article(cloud: Cloud): string {
    return cloud === "gcp" ? "a" : "an";
}
