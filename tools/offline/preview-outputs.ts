import { unknownValue } from "./policy-sdk";
import { PackageSchema, packageOfToken, Properties, readSchema } from "./preview-schema/schema";
import { parseType, TypeNode } from "./preview-schema/type-notation";

/**
 * The outputs a custom resource has after `pulumi preview` of a new stack, serialized (unknown
 * values as the engine's unknown sentinel): what the provider's Create(preview) returns, which the
 * engine keeps as the resource's outputs and sends to stack policies. Modelled per provider from
 * the SDK's declared output shape (preview-schema/*.json, read from the SDKs by
 * `npm run preview-schema`); a type with no schema is an error that names the command adding it.
 *
 * Values: a secret envelope (or any other signed value) counts as one set, opaque value; the unknown
 * sentinel as set but unknown; null as unset. `id` and `urn` are not properties and never appear.
 *
 * Bridged providers (aws, gcp, random; kubernetes and every other package but azure-native too):
 * the planned state, i.e. the inputs, plus every property the SDK declares as always present
 * (`pulumi.Output<T>` without `| undefined`, which the bridge emits for Required or Computed
 * attributes) that the inputs leave unset, as unknown. Where the inputs set an object, or a list or
 * map of objects, of a named output type, the same rule applies inside each object.
 * An empty list given for such a property counts as unset (emptyList).
 * Approximate:
 * - A property with a Terraform `Default` is Optional and not Computed (`Output<T | undefined>`, e.g.
 *   `aws.s3.Bucket.forceDestroy`), so it stays absent, where a real plan holds the default.
 * - Plugin-framework resources mark attributes with defaults as Computed, so those read unknown here
 *   though a real plan fills in the default (`s3.BucketLifecycleConfigurationRule.prefix`,
 *   `random.RandomString.lower`).
 * - Computed attributes a provider fills during planning (CustomizeDiff/ModifyPlan) read unknown here
 *   though a real plan may know them: AWS `tagsAll` and, likely, `region`.
 * - The kubernetes provider is not bridged and its output types declare every field present, so this
 *   rule marks every unset field unknown (`status`, `metadata.uid`, ...); what its own preview returns
 *   is not modelled. Offline its resources hang off a provider whose kubeconfig is unknown in a new
 *   stack's preview, so they get no outputs at all (run.ts) and never reach this.
 *
 * azure-native: the provider's own preview, pulumi/pulumi-azure-native provider/pkg/provider/provider.go
 * `Create`: `if req.GetPreview()` it returns `k.converter.PreviewOutputs(inputs, res.Response)`
 * (inputs unmarshalled with KeepUnknowns and SkipNulls, secrets unwrapped). PreviewOutputs,
 * provider/pkg/convert/previewOutputs.go at commit 604cfd525f:
 * - :17-29 walks the *response* properties only (by SDK name, :19-21): one the inputs set takes the
 *   input through previewOutputValue, any other becomes unknown (:26-27); inputs that are not response
 *   properties (path parameters such as `accountName`, `resourceGroupName`, `resourceName`) are dropped;
 * - :38-42 a constant (a discriminator's value) is that constant, set or not;
 * - :66-71 a list maps each item by the item type; :73-77 an object of a named type recurses into
 *   that type's properties, every optional one included; :79-86 a map maps each value;
 * - :88-103 a union (oneOf) keeps an object input as it is; :105-106 `any` keeps the input;
 * - :108-113 an untyped property keeps a string, number or bool input;
 * - :115 anything else (an unknown input, a value of the wrong shape) is unknown.
 * Which properties are typed follows from provider/pkg/gen/schema.go (commit 6d9e7fe5da) genProperties:
 * a response property records only Ref, Items, AdditionalProperties and OneOf, never its scalar Type,
 * so a scalar property is "untyped" (any scalar kept); itemTypeToProperty gives list items and map
 * values their Type (a scalar item must match it, an enum or a union with one is a string) and none
 * at all for `any` (so an `any[]` or `{any}` input becomes unknown whole). Not in the response:
 * `azureApiVersion` (provider.go adds it to the state only after a real create, checkpointObjectVersioned)
 * and `id` (the base resource's). Approximate: the inputs are the program's, not Check()'s, so an
 * auto-name or a location the provider would default is missing here (as its output then is unknown
 * either way, the verdict is the same); a secret's contents are not recursed into.
 */
export function customResourceOutputs(type: string, wireInputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const pkg = packageOfToken(type);
    const schema = schemaOf(pkg);
    const props = schema?.resources[type];
    if (!schema || !props) {
        throw new Error(`no preview schema for the resource type ${type}: add it with \`npm run preview-schema -- ${type}\``);
    }
    const outputs = pkg === "azure-native" ? azureObject(schema, props, wireInputs) : bridgedObject(schema, props, wireInputs);
    delete outputs.id;
    delete outputs.urn;
    if (pkg === "azure-native") {
        delete outputs.azureApiVersion;
    }
    return outputs;
}

const schemas = new Map<string, PackageSchema | undefined>();

function schemaOf(pkg: string): PackageSchema | undefined {
    if (!schemas.has(pkg)) {
        schemas.set(pkg, readSchema(pkg));
    }
    return schemas.get(pkg);
}

/** A property's declared type and whether it is declared optional (`name?` in the schema). */
function* declared(props: Properties): Generator<{ name: string; type: TypeNode; optional: boolean }> {
    for (const [key, type] of Object.entries(props)) {
        const optional = key.endsWith("?");
        yield { name: optional ? key.slice(0, -1) : key, type: parseType(type), optional };
    }
}

function typeProps(schema: PackageSchema, name: string): Properties {
    const props = schema.types[name];
    if (!props) {
        throw new Error(`the preview schema ${schema.sdk} lacks the type ${name}: run \`npm run preview-schema\``);
    }
    return props;
}

const unset = (v: unknown) => v === undefined || v === null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** Secrets, assets, archives and resource references: one value, whatever is inside. */
const isSigned = (v: unknown) => isObject(v) && "4dabf18193072939515e22adb298388d" in v;

function bridgedObject(schema: PackageSchema, props: Properties, value: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...value };
    for (const { name, type, optional } of declared(props)) {
        if (!optional && (unset(value[name]) || emptyList(value[name]))) {
            out[name] = unknownValue;
        } else if (!unset(value[name])) {
            out[name] = bridgedValue(schema, type, value[name]);
        }
    }
    return out;
}

/**
 * The Terraform plugin SDK (v2) plans an empty list or set given for a computed attribute as if it
 * were not given: the provider computes it, so it is unknown in the plan. (Plugin-framework resources
 * keep an empty list as known; the model does not tell the two apart, see the approximations above.)
 */
const emptyList = (v: unknown) => Array.isArray(v) && v.length === 0;

function bridgedValue(schema: PackageSchema, type: TypeNode, value: unknown): unknown {
    if (isSigned(value)) {
        return value;
    }
    if (type.kind === "ref" && isObject(value)) {
        return bridgedObject(schema, typeProps(schema, type.name), value);
    }
    if (type.kind === "array" && Array.isArray(value)) {
        return value.map((v) => bridgedValue(schema, type.items, v));
    }
    if (type.kind === "map" && isObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bridgedValue(schema, type.values, v)]));
    }
    return value;
}

function azureObject(schema: PackageSchema, props: Properties, value: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { name, type } of declared(props)) {
        out[name] = azureValue(schema, type, value[name], false);
    }
    return out;
}

/**
 * previewOutputValue for one value: `typed` is true for list items and map values, which carry
 * their scalar type in the provider's metadata, false for properties, which do not.
 */
function azureValue(schema: PackageSchema, type: TypeNode, value: unknown, typed: boolean): unknown {
    if (type.kind === "const" && !typed) {
        return type.value;
    }
    if (isSigned(value)) {
        return value;
    }
    if (unset(value) || value === unknownValue) {
        return unknownValue;
    }
    const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    switch (type.kind) {
        case "scalar":
            return (typed ? typeof value === type.name : scalar) ? value : unknownValue;
        case "const":
        case "enum":
            return typed && typeof value === "string" ? value : unknownValue;
        case "any":
            return typed ? unknownValue : value;
        case "union":
            if (typed && type.members.some((m) => m.kind === "enum")) {
                return typeof value === "string" ? value : unknownValue;
            }
            return isObject(value) ? value : unknownValue;
        case "ref":
            return isObject(value) ? azureObject(schema, typeProps(schema, type.name), value) : unknownValue;
        case "array":
            if (!Array.isArray(value) || (!typed && type.items.kind === "any")) {
                return unknownValue;
            }
            return value.map((v) => azureValue(schema, type.items, v, true));
        case "map":
            if (!isObject(value) || type.values.kind === "any") {
                return unknownValue;
            }
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, azureValue(schema, type.values, v, true)]));
    }
}
