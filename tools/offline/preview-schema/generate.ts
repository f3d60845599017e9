import { readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { readPackageSchema } from "./sdk-declarations";
import { packageOfToken, readSchema, schemaDir, schemaFile, writeSchemaText } from "./schema";

/**
 * `npm run preview-schema [-- TYPE...]`: rewrites the committed preview schemas from the installed
 * SDKs for every type token they already list, plus the tokens given. Run it after an SDK upgrade
 * (test/preview-outputs.test.ts fails until then) or when the program starts using a new resource type.
 */
export function listedTokens(): Map<string, string[]> {
    const byPackage = new Map<string, string[]>();
    for (const file of readdirSync(schemaDir).filter((f) => f.endsWith(".json"))) {
        const pkg = path.basename(file, ".json");
        byPackage.set(pkg, Object.keys(readSchema(pkg)?.resources ?? {}));
    }
    return byPackage;
}

function main(args: readonly string[]): void {
    const started = Date.now();
    const byPackage = listedTokens();
    for (const token of args) {
        const pkg = packageOfToken(token);
        const tokens = byPackage.get(pkg) ?? [];
        byPackage.set(pkg, tokens.includes(token) ? tokens : [...tokens, token]);
    }
    for (const [pkg, tokens] of [...byPackage].sort()) {
        const text = writeSchemaText(readPackageSchema(pkg, tokens));
        writeFileSync(schemaFile(pkg), text);
        const schema = JSON.parse(text) as { sdk: string; types: object };
        process.stdout.write(`${pkg}.json: ${schema.sdk}, ${tokens.length} resource types, ${Object.keys(schema.types).length} object types, ${text.length} bytes\n`);
    }
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exit(1);
    }
}
