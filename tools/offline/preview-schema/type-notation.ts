/**
 * The notation the committed preview schemas use for a property's output type: TypeScript as the
 * SDK declares it, shortened, so a schema reads like the SDK and stays small.
 *
 *   string | number | boolean      a scalar
 *   any                            anything (the SDK's `any`)
 *   enum                           one of the SDK's enum types (`enums.x.Y`)
 *   'Literal'                      a string constant (azure-native: a discriminator's value)
 *   s3.BucketVersioning            a named object type of the package's `types/output.d.ts`
 *   T[]                            a list
 *   {T}                            a map from string keys to T
 *   A|B                            a union; (A|B)[] groups
 */
export type TypeNode =
    | { readonly kind: "scalar"; readonly name: "string" | "number" | "boolean" }
    | { readonly kind: "any" }
    | { readonly kind: "enum" }
    | { readonly kind: "const"; readonly value: string }
    | { readonly kind: "ref"; readonly name: string }
    | { readonly kind: "array"; readonly items: TypeNode }
    | { readonly kind: "map"; readonly values: TypeNode }
    | { readonly kind: "union"; readonly members: readonly TypeNode[] };

export function formatType(t: TypeNode): string {
    switch (t.kind) {
        case "scalar":
            return t.name;
        case "any":
        case "enum":
            return t.kind;
        case "const":
            if (t.value.includes("'")) {
                throw new Error(`a string constant with a quote cannot be written in the schema notation: ${t.value}`);
            }
            return `'${t.value}'`;
        case "ref":
            return t.name;
        case "array":
            return t.items.kind === "union" ? `(${formatType(t.items)})[]` : `${formatType(t.items)}[]`;
        case "map":
            return `{${formatType(t.values)}}`;
        case "union":
            return t.members.map(formatType).join("|");
    }
}

const parsed = new Map<string, TypeNode>();

export function parseType(text: string): TypeNode {
    let t = parsed.get(text);
    if (!t) {
        t = new Parser(text).parse();
        parsed.set(text, t);
    }
    return t;
}

class Parser {
    private at = 0;

    constructor(private readonly text: string) {}

    parse(): TypeNode {
        const t = this.union();
        if (this.at !== this.text.length) {
            this.fail();
        }
        return t;
    }

    private union(): TypeNode {
        const members = [this.postfix()];
        while (this.text[this.at] === "|") {
            this.at++;
            members.push(this.postfix());
        }
        return members.length === 1 ? members[0] : { kind: "union", members };
    }

    private postfix(): TypeNode {
        let t = this.primary();
        while (this.text.startsWith("[]", this.at)) {
            this.at += 2;
            t = { kind: "array", items: t };
        }
        return t;
    }

    private primary(): TypeNode {
        const c = this.text[this.at];
        if (c === "(" || c === "{") {
            this.at++;
            const inner = this.union();
            if (this.text[this.at] !== (c === "(" ? ")" : "}")) {
                this.fail();
            }
            this.at++;
            return c === "(" ? inner : { kind: "map", values: inner };
        }
        if (c === "'") {
            const end = this.text.indexOf("'", this.at + 1);
            if (end < 0) {
                this.fail();
            }
            const value = this.text.slice(this.at + 1, end);
            this.at = end + 1;
            return { kind: "const", value };
        }
        const name = /^[A-Za-z_$][\w$.]*/.exec(this.text.slice(this.at))?.[0];
        if (!name) {
            this.fail();
        }
        this.at += name.length;
        switch (name) {
            case "string":
            case "number":
            case "boolean":
                return { kind: "scalar", name };
            case "any":
            case "enum":
                return { kind: name };
            default:
                return { kind: "ref", name };
        }
    }

    private fail(): never {
        throw new Error(`bad type in a preview schema at ${this.at}: ${this.text}`);
    }
}
