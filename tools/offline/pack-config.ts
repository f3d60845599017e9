import Ajv, { ValidateFunction } from "ajv";
import { EnforcementLevel, Policies } from "@pulumi/policy";
import { readFileSync } from "fs";
import { packName } from "../../policy/policies";
import { goCompare, goIsBlank, goQuote, goType, goValue } from "./go-text";
import { gojsonschemaErrors } from "./gojsonschema";

/*
 * `--policy-pack-config` handled as the Pulumi CLI handles it. References are to pulumi/pulumi:
 * config.go is pkg/resource/analyzer/config.go, update.go pkg/engine/update.go, analyzer_plugin.go
 * pkg/resource/plugin/analyzer_plugin.go.
 *
 * Errors are worded as in the CLI's LoadLocalPolicyPackAnalyzers (update.go:278-330, what
 * `pulumi policy analyze` runs): one line each, which `npm run plan` prints and exits 2 on.
 * `pulumi preview` parses, reconciles, validates and configures the same way (update.go:936-1061)
 * but words two things differently: it prints each validation error as its own diagnostic,
 * `validating policy config: <pack> <version>  <error>`, then fails with "validating policy config"
 * (update.go:835-841, 1054-1060); and its Configure error reads `configuring policy pack "<pack>"
 * at "<path>": …` (update.go:1038-1040).
 */

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
const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && levels.includes(v);

/**
 * Reads a `--policy-pack-config` file, `{ "all": level, "<policy>": level | { enforcementLevel, ...props } }`,
 * as config.go's parsePolicyPackConfig (lines 93-158) does, with its error messages.
 */
export function loadPackConfigFile(file: string): Record<string, PolicyConfigEntry> {
    const text = readConfigText(file);
    // "Gracefully allow empty content" (config.go:96-99).
    if (goIsBlank(text)) {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        // The CLI prints Go's bare json.Unmarshal error ("invalid character …"); V8's wording
        // differs, so the file is named to make up for it.
        throw new PolicyConfigError(`policy pack config ${file}: ${(err as Error).message}`);
    }
    return parsePackConfig(parsed);
}

/** Read errors as Go's os.ReadFile words the common ones. */
function readConfigText(file: string): string {
    try {
        return readFileSync(file, "utf8");
    } catch (err) {
        const go: Record<string, string> = { ENOENT: "open", EACCES: "open", ENOTDIR: "open", EISDIR: "read" };
        const text: Record<string, string> = { ENOENT: "no such file or directory", EACCES: "permission denied", ENOTDIR: "not a directory", EISDIR: "is a directory" };
        const code = (err as NodeJS.ErrnoException).code ?? "";
        throw new PolicyConfigError(go[code] ? `${go[code]} ${file}: ${text[code]}` : `policy pack config ${file}: ${(err as Error).message}`);
    }
}

function parsePackConfig(parsed: unknown): Record<string, PolicyConfigEntry> {
    const out: Record<string, PolicyConfigEntry> = {};
    // json.Unmarshal leaves a nil map for `null`, and refuses any other non-object.
    if (parsed === null) {
        return out;
    }
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
        const kind = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
        throw new PolicyConfigError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
    }
    const config: Record<string, unknown> = { ...parsed };
    // Pulumi ESC environments (config.go:106-122). `pulumi preview` resolves them through the
    // backend (update.go:959-984), which offline is impossible: they are checked and dropped, as
    // `pulumi policy analyze` drops them (update.go:307, LoadPolicyPackConfigFromFile).
    if (Object.prototype.hasOwnProperty.call(config, "environments")) {
        const envs = config.environments;
        if (!Array.isArray(envs)) {
            throw new PolicyConfigError(`"environments" must be an array of strings, got ${goType(envs)}`);
        }
        envs.forEach((v, i) => {
            if (typeof v !== "string") {
                throw new PolicyConfigError(`"environments[${i}]" must be a string, got ${goType(v)}`);
            }
        });
        delete config.environments;
    }
    // Go ranges over a map in random order: with several bad keys the CLI names any one of them;
    // this names the first in the file.
    for (const [name, value] of Object.entries(config)) {
        let enforcementLevel: EnforcementLevel | undefined;
        let properties: Record<string, unknown> = {};
        if (typeof value === "string") {
            if (!isLevel(value)) {
                throw new PolicyConfigError(`parsing enforcement level for ${goQuote(name)}: ${goQuote(value)} is not a valid enforcement level`);
            }
            enforcementLevel = value;
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            ({ enforcementLevel, properties } = extractEnforcementLevel(name, value as Record<string, unknown>));
        } else {
            throw new PolicyConfigError(`parsing ${goQuote(name)}: ${goValue(value)} is not a valid value; must be a string or object`);
        }
        // "Don't bother including empty configs" (config.go:147-150).
        if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
            continue;
        }
        // defineProperty: a policy named "__proto__" must stay a key, not become the prototype.
        Object.defineProperty(out, name, { value: { ...(enforcementLevel ? { enforcementLevel } : {}), properties }, enumerable: true, writable: true, configurable: true });
    }
    return out;
}

/** config.go:162-180. */
function extractEnforcementLevel(name: string, value: Record<string, unknown>): { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> } {
    const { enforcementLevel, ...properties } = value;
    if (!Object.prototype.hasOwnProperty.call(value, "enforcementLevel")) {
        return { properties };
    }
    if (typeof enforcementLevel !== "string") {
        throw new PolicyConfigError(`parsing enforcement level for ${goQuote(name)}: ${goValue(enforcementLevel)} is not a valid enforcement level; must be a string`);
    }
    if (!isLevel(enforcementLevel)) {
        throw new PolicyConfigError(`parsing enforcement level for ${goQuote(name)}: ${goQuote(enforcementLevel)} is not a valid enforcement level`);
    }
    return { enforcementLevel, properties };
}

export interface ReconcileOptions {
    /** The pack's name in error messages; this project's pack by default. */
    readonly packName?: string;
}

/**
 * The CLI's reconciliation (config.go:304-372, ReconcilePolicyPackConfig): defaults from each
 * policy's configSchema, then `all`, then per-policy settings; the result is validated against the
 * schemas and then handed to the pack, and any error stops the run before a resource is analyzed.
 *
 * A policy of the pack without a level of its own is left without one here: the CLI gets the
 * pack's level for it (@pulumi/policy makeAnalyzerInfo), which the analyzer applies.
 */
export function reconcilePackConfig(policies: Policies, given: Readonly<Record<string, PolicyConfigEntry>> = {}, options: ReconcileOptions = {}): ReconciledConfig {
    const pack = goQuote(options.packName ?? packName);
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
    // applyConfig (config.go:337-372): `all` only when it carries a valid level, then every key,
    // "all" and names the pack does not have included, each keeping what it is not given.
    const all = given.all?.enforcementLevel;
    if (isLevel(all)) {
        for (const [name, entry] of result) {
            result.set(name, { enforcementLevel: all, properties: entry.properties });
        }
    }
    for (const [name, entry] of Object.entries(given)) {
        if (entry.enforcementLevel === undefined && Object.keys(entry.properties).length === 0) {
            continue; // never parsed into a config (config.go:147-150)
        }
        const current = result.get(name);
        const level = isLevel(entry.enforcementLevel) ? entry.enforcementLevel : current?.enforcementLevel;
        result.set(name, { ...(level ? { enforcementLevel: level } : {}), properties: { ...(current?.properties ?? {}), ...entry.properties } });
    }

    const errors = validate(policies, result, pack);
    if (errors.length) {
        // update.go:317-320: sorted, "; "-joined.
        throw new PolicyConfigError(`validating policy config for ${pack}: ${errors.sort(goCompare).join("; ")}`);
    }
    // The pack is then configured with every key; the CLI refuses one without a level
    // (analyzer_plugin.go:623-626, wrapped at update.go:322-324). Only a key the pack does not have
    // can lack one: an unknown name, or "all", given properties only.
    const known = new Set(policies.map((p) => p.name));
    if ([...result].some(([name, entry]) => !entry.enforcementLevel && !known.has(name))) {
        throw new PolicyConfigError(`configuring policy pack ${pack}: invalid enforcement level ""`);
    }
    return result;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

/** A schema's validator, compiled once per process (compiling is most of a reconciliation's time). */
function compiled(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let check = validators.get(key);
    if (!check) {
        check = ajv.compile(schema);
        validators.set(key, check);
    }
    return check;
}

/** validatePolicyPackConfig (config.go:183-228), with gojsonschema's wording. */
function validate(policies: Policies, result: ReadonlyMap<string, PolicyConfigEntry>, pack: string): string[] {
    const errors: string[] = [];
    // The CLI walks the policies by name (analyzer_plugin.go:546): the first bad schema is reported.
    for (const p of [...policies].sort((a, b) => goCompare(a.name, b.name))) {
        if (!p.configSchema) {
            continue; // the CLI checks such a policy against `{"type": "object"}`, which its config always is
        }
        // convertSchema (config.go:263-273).
        const { properties, required } = p.configSchema;
        const schema = { type: "object", ...(properties && Object.keys(properties).length ? { properties } : {}), ...(required?.length ? { required } : {}) };
        let check: ValidateFunction;
        try {
            check = compiled(schema);
        } catch (err) {
            // update.go:314-316; the text after the prefix is Ajv's, not gojsonschema's.
            throw new PolicyConfigError(`reconciling policy config for ${pack}: ${(err as Error).message}`);
        }
        const props = result.get(p.name)?.properties ?? {};
        if (!check(props)) {
            errors.push(...gojsonschemaErrors(check.errors ?? [], props).map((e) => `${p.name}: ${e}`));
        }
    }
    return errors;
}
