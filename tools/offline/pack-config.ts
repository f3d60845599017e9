import Ajv from "ajv";
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { readFileSync } from "fs";

export interface PolicyConfigEntry {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}
export type ReconciledConfig = ReadonlyMap<string, PolicyConfigEntry>;

export class PolicyConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyConfigError";
    }
}

const levels: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

/**
 * Reads a `--policy-pack-config` file: `{ "all": level, "<policy>": level | { enforcementLevel, ...props } }`.
 */
export function loadPackConfigFile(file: string): Record<string, PolicyConfigEntry> {
    let parsed: unknown;
    try {
        parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
        throw new PolicyConfigError(`policy pack config ${file}: ${(err as Error).message}`);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError(`policy pack config ${file}: must be a JSON object of policy names`);
    }
    const out: Record<string, PolicyConfigEntry> = {};
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === "string") {
            out[name] = { enforcementLevel: level(file, name, value), properties: {} };
        } else if (value && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            out[name] = { ...(enforcementLevel === undefined ? {} : { enforcementLevel: level(file, name, enforcementLevel) }), properties };
        } else {
            throw new PolicyConfigError(`policy pack config ${file}: "${name}" must be an enforcement level or an object`);
        }
    }
    return out;
}

function level(file: string, name: string, value: unknown): EnforcementLevel {
    if (typeof value !== "string" || !levels.includes(value)) {
        throw new PolicyConfigError(`policy pack config ${file}: "${name}": ${JSON.stringify(value)} is not an enforcement level (${levels.join(", ")})`);
    }
    return value as EnforcementLevel;
}

/**
 * The CLI's reconciliation (pulumi/pkg analyzer ReconcilePolicyPackConfig): defaults from each
 * policy's configSchema, then `all`, then per-policy settings; the result is validated against the
 * schema and any error stops the run before a resource is analyzed.
 */
export function reconcilePackConfig(policies: Policies, given: Readonly<Record<string, PolicyConfigEntry>> = {}): ReconciledConfig {
    const result = new Map<string, PolicyConfigEntry>();
    for (const p of policies) {
        const props: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if ((schema as { default?: unknown }).default !== undefined) {
                props[k] = (schema as { default?: unknown }).default;
            }
        }
        result.set(p.name, { ...(p.enforcementLevel ? { enforcementLevel: p.enforcementLevel } : {}), properties: props });
    }
    const all = given.all?.enforcementLevel;
    if (all) {
        for (const [name, entry] of result) {
            result.set(name, { enforcementLevel: all, properties: entry.properties });
        }
    }
    for (const [name, entry] of Object.entries(given)) {
        const current = result.get(name);
        result.set(name, {
            ...(entry.enforcementLevel ?? current?.enforcementLevel ? { enforcementLevel: entry.enforcementLevel ?? current?.enforcementLevel } : {}),
            properties: { ...(current?.properties ?? {}), ...entry.properties },
        });
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    const errors: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) {
            continue;
        }
        const validate = ajv.compile({ type: "object", properties: p.configSchema.properties, ...(p.configSchema.required ? { required: p.configSchema.required } : {}) });
        if (!validate(result.get(p.name)?.properties ?? {})) {
            for (const e of validate.errors ?? []) {
                errors.push(`${p.name}: ${e.instancePath ? e.instancePath.slice(1) + " " : ""}${e.message}`);
            }
        }
    }
    if (errors.length) {
        throw new PolicyConfigError(`policy pack config is invalid: ${errors.join("; ")}`);
    }
    return result;
}
