import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { projectRoot } from "../project-root";

/**
 * A resource's or an object type's output properties, as its SDK declares them: name → type in the
 * notation of type-notation.ts. A name ending in `?` is declared optional (`pulumi.Output<T | undefined>`
 * on a resource, `name?: T` in an output type); any other is one the provider always reports, which
 * for a bridged (Terraform) provider means Required or Computed.
 */
export type Properties = Readonly<Record<string, string>>;

/** What `npm run preview-schema` commits per SDK package (`aws.json`, `azure-native.json`, ...). */
export interface PackageSchema {
    /** The SDK it was read from, `@pulumi/aws@7.48.0`: the test that keeps it current compares this too. */
    readonly sdk: string;
    /** By type token (`aws:s3/bucket:Bucket`). */
    readonly resources: Readonly<Record<string, Properties>>;
    /** The object types those resources reach, by their name in `types/output.d.ts` (`s3.BucketVersioning`). */
    readonly types: Readonly<Record<string, Properties>>;
}

export const schemaDir = path.join(projectRoot, "tools", "offline", "preview-schema");

/** The package a type token belongs to: its first segment (`aws`, `azure-native`, `kubernetes`). */
export function packageOfToken(token: string): string {
    if (!/^[\w-]+:[\w./-]+:\w+$/.test(token)) {
        throw new Error(`not a resource type token: ${token} (expected e.g. aws:s3/bucket:Bucket)`);
    }
    return token.split(":")[0];
}

export function schemaFile(pkg: string): string {
    return path.join(schemaDir, `${pkg}.json`);
}

export function readSchema(pkg: string): PackageSchema | undefined {
    const file = schemaFile(pkg);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PackageSchema) : undefined;
}

/** A schema as committed: keys sorted, so regenerating is byte-stable. */
export function writeSchemaText(schema: PackageSchema): string {
    const sorted = (o: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    const byName = (o: Readonly<Record<string, Properties>>) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]));
    return `${JSON.stringify({ sdk: schema.sdk, resources: byName(schema.resources), types: byName(schema.types) }, null, 1)}\n`;
}
