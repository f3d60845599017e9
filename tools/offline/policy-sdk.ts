// The parts of @pulumi/policy that its own analyzer server uses but does not declare in its types.
// Using them (instead of re-implementing them) keeps the offline analyzer decoding resources
// exactly as the one the Pulumi CLI talks to does. Checked against @pulumi/policy 1.21.

interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

/** Decodes registered inputs as the analyzer does: secrets unwrapped, unknown sentinels kept. */
export const deserializeProperties = (require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: StructLike, proxySecrets: boolean): Record<string, unknown>;
}).deserializeProperties;

const proxy = require("@pulumi/policy/proxy") as { unknownStringValue: string };

/** The sentinel the engine sends for a value unknown during a preview. */
export const unknownValue: string = proxy.unknownStringValue;

/** The pulumi type token a resource class or a typed validation carries (`aws:s3/bucket:Bucket`). */
export const getPulumiType = (require("@pulumi/policy/policy") as { getPulumiType(o: unknown): string | undefined }).getPulumiType;

export function structOf(value: Record<string, unknown>): StructLike {
    return { toJavaScript: () => value };
}
