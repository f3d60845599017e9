import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { PackageSchema, Properties } from "./schema";
import { formatType, parseType, TypeNode } from "./type-notation";

/**
 * Reads, from an installed Pulumi SDK package's own declarations, the output properties of the
 * given resource types and of every object type they reach. Syntactic parsing only (no type
 * checker): the SDKs spell every output type out in full, so the syntax is the schema.
 */
export function readPackageSchema(pkg: string, tokens: readonly string[]): PackageSchema {
    const dir = sdkDir(pkg);
    const { name, version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string };
    const classes = locateClasses(dir, tokens);
    const outputTypes = new OutputTypes(path.join(dir, "types", "output.d.ts"));

    const resources: Record<string, Properties> = {};
    const types: Record<string, Properties> = {};
    const pending: string[] = [];
    const reach = (props: Properties) => {
        for (const type of Object.values(props)) {
            pending.push(...refsOf(parseType(type)));
        }
    };
    for (const token of tokens) {
        const { file, className } = classes.get(token)!;
        resources[token] = classProperties(`${file}.d.ts`, className);
        reach(resources[token]);
    }
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
        if (!types[name]) {
            types[name] = outputTypes.properties(name);
            reach(types[name]);
        }
    }
    return { sdk: `${name}@${version}`, resources, types };
}

function refsOf(t: TypeNode): string[] {
    switch (t.kind) {
        case "ref":
            return [t.name];
        case "array":
            return refsOf(t.items);
        case "map":
            return refsOf(t.values);
        case "union":
            return t.members.flatMap(refsOf);
        default:
            return [];
    }
}

/** Pulumi's own SDKs (`@pulumi/aws`), then community ones published by Pulumiverse (`@pulumiverse/time`). */
function sdkDir(pkg: string): string {
    for (const scope of ["@pulumi", "@pulumiverse"]) {
        try {
            return path.dirname(require.resolve(`${scope}/${pkg}/package.json`));
        } catch {
            // not in this scope
        }
    }
    throw new Error(`no SDK for the package ${pkg}: neither @pulumi/${pkg} nor @pulumiverse/${pkg} is installed`);
}

/**
 * Where each resource class lives, as the SDK itself says: every module's `index.js` constructs
 * its resources by type token (`case "aws:s3/bucket:Bucket": return new exports.Bucket(...)`) and
 * loads each class from its file (`lazyLoad(exports, ["Bucket"], () => require("./bucket"))`); the
 * class file's `__pulumiType` confirms the match.
 */
function locateClasses(dir: string, tokens: readonly string[]): Map<string, { file: string; className: string }> {
    const found = new Map<string, { file: string; className: string }>();
    const visit = (d: string) => {
        for (const entry of readdirSync(d)) {
            if (found.size === tokens.length) {
                return;
            }
            const full = path.join(d, entry);
            if (entry === "node_modules") {
                continue;
            }
            if (entry === "index.js") {
                const text = readFileSync(full, "utf8");
                for (const token of tokens.filter((t) => !found.has(t) && text.includes(`case "${t}":`))) {
                    found.set(token, classOf(d, text, token));
                }
            } else if (!entry.includes(".") && statSync(full).isDirectory()) {
                visit(full);
            }
        }
    };
    visit(dir);
    const missing = tokens.filter((t) => !found.has(t));
    if (missing.length > 0) {
        throw new Error(`${path.basename(dir)} declares no resource ${missing.join(", ")}`);
    }
    return found;
}

function classOf(moduleDir: string, indexJs: string, token: string): { file: string; className: string } {
    const quoted = token.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const className = new RegExp(`case "${quoted}":\\s*return new exports\\.(\\w+)\\(`).exec(indexJs)?.[1];
    const fileName = className && new RegExp(`lazyLoad\\(exports, \\["${className}"\\], \\(\\) => require\\("\\./([\\w.-]+)"\\)\\)`).exec(indexJs)?.[1];
    if (!className || !fileName) {
        throw new Error(`cannot tell which class ${path.join(moduleDir, "index.js")} builds for ${token}`);
    }
    const file = path.join(moduleDir, fileName);
    if (!readFileSync(`${file}.js`, "utf8").includes(`__pulumiType = '${token}'`)) {
        throw new Error(`${file}.js does not declare the type ${token}`);
    }
    return { file, className };
}

/** A resource class's `readonly x: pulumi.Output<T>` properties. */
function classProperties(dtsFile: string, className: string): Properties {
    const source = ts.createSourceFile(dtsFile, readFileSync(dtsFile, "utf8"), ts.ScriptTarget.Latest, false);
    const cls = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
    if (!cls) {
        throw new Error(`${dtsFile} declares no class ${className}`);
    }
    const props: Record<string, string> = {};
    for (const m of cls.members) {
        const modifiers = ts.canHaveModifiers(m) ? (ts.getModifiers(m) ?? []) : [];
        if (!ts.isPropertyDeclaration(m) || modifiers.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
            continue;
        }
        const name = propertyName(m.name, dtsFile);
        const output = m.type && ts.isTypeReferenceNode(m.type) && m.type.typeName.getText(source) === "pulumi.Output" ? m.type.typeArguments?.[0] : undefined;
        if (!output) {
            throw new Error(`${dtsFile}: ${className}.${name} is not a pulumi.Output`);
        }
        const { type, optional } = outputType(output, source, `${className}.${name}`);
        props[optional ? `${name}?` : name] = formatType(type);
    }
    return props;
}

/**
 * The object types of a package's `types/output.d.ts`. The file is 3–9 MB; parsing it whole takes
 * seconds, so it is cut at its top-level namespaces (each opens with `export declare namespace x {`
 * and closes with a `}` in column 0) and only the namespaces asked for are parsed.
 */
class OutputTypes {
    private text?: string;
    private readonly chunks = new Map<string, string>();
    private readonly parsed = new Map<string, { source: ts.SourceFile; interfaces: Map<string, ts.InterfaceDeclaration> }>();

    constructor(private readonly file: string) {}

    properties(name: string): Properties {
        const dot = name.indexOf(".");
        const namespace = dot < 0 ? "" : name.slice(0, dot);
        const { source, interfaces } = this.namespace(namespace);
        const decl = interfaces.get(name);
        if (!decl) {
            throw new Error(`${this.file} declares no interface ${name}`);
        }
        if (decl.heritageClauses?.length) {
            throw new Error(`${this.file}: ${name} extends another type, which the schema does not follow`);
        }
        const props: Record<string, string> = {};
        for (const m of decl.members) {
            if (!ts.isPropertySignature(m) || !m.type) {
                throw new Error(`${this.file}: ${name} has a member that is not a typed property`);
            }
            const prop = propertyName(m.name, this.file);
            const { type, optional } = outputType(m.type, source, `${name}.${prop}`);
            props[optional || m.questionToken ? `${prop}?` : prop] = formatType(type);
        }
        return props;
    }

    private namespace(namespace: string) {
        let ns = this.parsed.get(namespace);
        if (!ns) {
            const text = this.chunk(namespace);
            const source = ts.createSourceFile(`${this.file}#${namespace}`, text, ts.ScriptTarget.Latest, false);
            const interfaces = new Map<string, ts.InterfaceDeclaration>();
            const collect = (statements: readonly ts.Statement[], prefix: string) => {
                for (const s of statements) {
                    if (ts.isInterfaceDeclaration(s)) {
                        interfaces.set(prefix + s.name.text, s);
                    } else if (ts.isModuleDeclaration(s)) {
                        let body = s.body;
                        let inner = `${prefix}${s.name.getText(source)}.`;
                        while (body && ts.isModuleDeclaration(body)) {
                            inner += `${body.name.getText(source)}.`;
                            body = body.body;
                        }
                        if (body && ts.isModuleBlock(body)) {
                            collect(body.statements, inner);
                        }
                    }
                }
            };
            collect(source.statements, "");
            ns = { source, interfaces };
            this.parsed.set(namespace, ns);
        }
        return ns;
    }

    private chunk(namespace: string): string {
        if (this.chunks.size === 0) {
            const text = (this.text ??= readFileSync(this.file, "utf8"));
            let root = "";
            let from = 0;
            for (const m of text.matchAll(/^export declare namespace ([\w$]+) \{$/gm)) {
                const end = text.indexOf("\n}\n", m.index!);
                if (end < 0) {
                    throw new Error(`${this.file}: namespace ${m[1]} does not close in column 0`);
                }
                root += text.slice(from, m.index);
                this.chunks.set(m[1], text.slice(m.index, end + 3));
                from = end + 3;
            }
            this.chunks.set("", root + text.slice(from));
        }
        const chunk = this.chunks.get(namespace);
        if (chunk === undefined) {
            throw new Error(`${this.file} has no namespace ${namespace}`);
        }
        return chunk;
    }
}

function propertyName(name: ts.PropertyName, file: string): string {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) {
        return name.text;
    }
    throw new Error(`${file}: a computed property name`);
}

/** A declared output type, with `undefined` taken out of it as "optional". */
function outputType(node: ts.TypeNode, source: ts.SourceFile, where: string): { type: TypeNode; optional: boolean } {
    const isUndefined = (n: ts.TypeNode) => n.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(n) && n.literal.kind === ts.SyntaxKind.NullKeyword);
    const members = ts.isUnionTypeNode(node) ? node.types : [node];
    const defined = members.filter((n) => !isUndefined(n));
    return { type: union(defined.map((n) => typeOf(n, source, where))), optional: defined.length < members.length };
}

function union(members: TypeNode[]): TypeNode {
    const unique = [...new Map(members.map((m) => [formatType(m), m])).values()];
    return unique.length === 1 ? unique[0] : { kind: "union", members: unique };
}

function typeOf(node: ts.TypeNode, source: ts.SourceFile, where: string): TypeNode {
    switch (node.kind) {
        case ts.SyntaxKind.StringKeyword:
            return { kind: "scalar", name: "string" };
        case ts.SyntaxKind.NumberKeyword:
            return { kind: "scalar", name: "number" };
        case ts.SyntaxKind.BooleanKeyword:
            return { kind: "scalar", name: "boolean" };
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
            return { kind: "any" };
    }
    if (ts.isParenthesizedTypeNode(node)) {
        return typeOf(node.type, source, where);
    }
    if (ts.isUnionTypeNode(node)) {
        return outputType(node, source, where).type;
    }
    if (ts.isArrayTypeNode(node)) {
        return { kind: "array", items: typeOf(node.elementType, source, where) };
    }
    if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0])) {
        return { kind: "map", values: typeOf(node.members[0].type, source, where) };
    }
    if (ts.isLiteralTypeNode(node)) {
        const literal = node.literal;
        if (ts.isStringLiteral(literal)) {
            return { kind: "const", value: literal.text };
        }
        if (literal.kind === ts.SyntaxKind.TrueKeyword || literal.kind === ts.SyntaxKind.FalseKeyword) {
            return { kind: "scalar", name: "boolean" };
        }
        if (ts.isNumericLiteral(literal)) {
            return { kind: "scalar", name: "number" };
        }
    }
    if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName.getText(source);
        if (name.startsWith("outputs.")) {
            return { kind: "ref", name: name.slice("outputs.".length) };
        }
        if (name.startsWith("enums.")) {
            return { kind: "enum" };
        }
        // Assets and archives (`pulumi.asset.Archive`) travel as opaque values.
        if (name.startsWith("pulumi.asset.")) {
            return { kind: "any" };
        }
    }
    throw new Error(`${where}: an output type the schema cannot write down: ${node.getText(source)}`);
}
