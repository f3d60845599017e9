import { ErrorObject } from "ajv";
import { goFloat, goJson } from "./go-text";

/**
 * Ajv's validation errors worded as the Pulumi CLI prints them: it validates policy config with
 * xeipuuv/gojsonschema v1.2.0 and keeps each error's String(), `<field>: <description>`, dropping
 * a leading "(root): " (pulumi pkg/resource/analyzer/config.go, validatePolicyConfig). The field is
 * the path from the config object, joined with "." ("a.0.b"); the descriptions are the en locale
 * of gojsonschema's locales.go.
 *
 * Where the two libraries differ and no rewording helps, the text stays Ajv's:
 * - anyOf and oneOf keep Ajv's errors (gojsonschema reports its own line plus the closest branch's
 *   errors), allOf lacks gojsonschema's extra "Must validate all the schemas (allOf)" line, and
 *   propertyNames keeps Ajv's message;
 * - uniqueItems: Ajv reports the first duplicate pair only, gojsonschema every pair;
 * - format: Ajv ignores formats it has no checker for, gojsonschema checks its built-in ones;
 * - pattern: Ajv runs the pattern as an ECMAScript regex, gojsonschema as Go's RE2.
 */
export function gojsonschemaErrors(errors: readonly ErrorObject[], data: unknown): string[] {
    // gojsonschema stops at a value of the wrong type (validation.go, validateRecursive returns
    // after InvalidTypeError), so Ajv's other errors on that value or inside it are not its.
    const stops = errors.filter(isStop).map((e) => ({ at: e.instancePath, schema: e.schemaPath.slice(0, -"type".length) }));
    const kept = errors.filter((e) => isStop(e) || !stops.some((s) => (e.instancePath === s.at || e.instancePath.startsWith(`${s.at}/`)) && e.schemaPath.startsWith(s.schema)));
    return kept.map((e) => {
        const field = e.instancePath === "" ? "(root)" : e.instancePath.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).join(".");
        const text = `${field}: ${describe(e, field, valueAt(data, e.instancePath))}`;
        return text.startsWith("(root): ") ? text.slice("(root): ".length) : text;
    });
}

function describe(e: ErrorObject, field: string, value: unknown): string {
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
        case "type": {
            const expected = Array.isArray(p.type) ? `[${p.type.join(",")}]` : String(p.type);
            return `Invalid type. Expected: ${expected}, given: ${jsonType(value)}`;
        }
        case "required":
            return `${p.missingProperty} is required`;
        case "dependencies":
        case "dependentRequired":
            return `Has a dependency on ${p.missingProperty}`;
        case "additionalProperties":
            return `Additional property ${p.additionalProperty} is not allowed`;
        case "enum":
            return `${field} must be one of the following: ${(p.allowedValues as unknown[]).map(goJson).join(", ")}`;
        case "const":
            return `${field} does not match: ${goJson(p.allowedValue)}`;
        case "pattern":
            return `Does not match pattern '${p.pattern}'`;
        case "format":
            return `Does not match format '${p.format}'`;
        case "minLength":
            return `String length must be greater than or equal to ${p.limit}`;
        case "maxLength":
            return `String length must be less than or equal to ${p.limit}`;
        case "minimum":
            return `Must be greater than or equal to ${goFloat(p.limit as number)}`;
        case "exclusiveMinimum":
            return `Must be greater than ${goFloat(p.limit as number)}`;
        case "maximum":
            return `Must be less than or equal to ${goFloat(p.limit as number)}`;
        case "exclusiveMaximum":
            return `Must be less than ${goFloat(p.limit as number)}`;
        case "multipleOf":
            return `Must be a multiple of ${goFloat(p.multipleOf as number)}`;
        case "minItems":
            return `Array must have at least ${p.limit} items`;
        case "maxItems":
            return `Array must have at most ${p.limit} items`;
        case "uniqueItems":
            return `array items[${p.j},${p.i}] must be unique`;
        case "additionalItems":
            return "No additional items allowed on array";
        case "contains":
            return "At least one of the items must match";
        case "not":
            return "Must not validate the schema (not)";
        case "if":
            return p.failingKeyword === "then" ? 'Must validate "then" as "if" was valid' : 'Must validate "else" as "if" was not valid';
        case "minProperties":
            return `Must have at least ${p.limit} properties`;
        case "maxProperties":
            return `Must have at most ${p.limit} properties`;
        default:
            return e.message ?? e.keyword;
    }
}

function isStop(e: ErrorObject): boolean {
    return e.keyword === "type" && !composed(e);
}

/** Inside anyOf and oneOf gojsonschema keeps only the closest branch's errors; those are left as Ajv's. */
function composed(e: ErrorObject): boolean {
    return /\/(anyOf|oneOf)\//.test(e.schemaPath);
}

/** gojsonschema's name for a value's type: a whole number is an "integer" (validation.go, checkJSONInteger). */
function jsonType(v: unknown): string {
    if (v === null || v === undefined) {
        return "null";
    }
    if (typeof v === "number") {
        return Number.isInteger(v) ? "integer" : "number";
    }
    return Array.isArray(v) ? "array" : typeof v;
}

function valueAt(data: unknown, pointer: string): unknown {
    let v = data;
    for (const s of pointer.split("/").slice(1)) {
        v = (v as Record<string, unknown> | undefined)?.[s.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return v;
}
