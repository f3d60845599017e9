/**
 * How Go prints the values encoding/json decodes into `any` (string, float64, bool, nil,
 * []interface {}, map[string]interface {}), so that policy-config errors read exactly as the
 * Pulumi CLI's, which builds them with fmt's %q, %v and %T and with json.Marshal.
 */

/** Go's `%q` of a string (strconv.Quote): printable characters as they are, the rest escaped. */
export function goQuote(s: string): string {
    const short: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
    let out = "";
    for (const ch of s) {
        const c = ch.codePointAt(0)!;
        if (short[ch]) {
            out += short[ch];
        } else if (c < 0x20 || c === 0x7f) {
            out += `\\x${c.toString(16).padStart(2, "0")}`;
        } else if (!/[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(ch)) {
            // strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
            out += c > 0xffff ? `\\U${c.toString(16).padStart(8, "0")}` : `\\u${c.toString(16).padStart(4, "0")}`;
        } else {
            out += ch;
        }
    }
    return `"${out}"`;
}

/** Go's `%v` of a float64: shortest digits, in exponent form from 1e+06 up and below 1e-04 (strconv 'g', -1). */
export function goFloat(n: number): string {
    if (!Number.isFinite(n)) {
        return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
    }
    if (Object.is(n, -0)) {
        return "-0";
    }
    const [mantissa, e] = n.toExponential().split("e");
    const exp = Number(e);
    if (exp < -4 || exp >= 6) {
        return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    }
    return String(n);
}

/** Go's `%v` of a decoded JSON value: `<nil>`, `[a b]`, `map[k:v]` (keys sorted, as fmt prints maps). */
export function goValue(v: unknown): string {
    if (v === null || v === undefined) {
        return "<nil>";
    }
    if (typeof v === "number") {
        return goFloat(v);
    }
    if (Array.isArray(v)) {
        return `[${v.map(goValue).join(" ")}]`;
    }
    if (typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => goCompare(a, b));
        return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(" ")}]`;
    }
    return String(v);
}

/** Go's `%T` of a decoded JSON value. */
export function goType(v: unknown): string {
    if (v === null || v === undefined) {
        return "<nil>";
    }
    if (Array.isArray(v)) {
        return "[]interface {}";
    }
    return { number: "float64", string: "string", boolean: "bool", object: "map[string]interface {}" }[typeof v as string] ?? typeof v;
}

/** Go's json.Marshal of a decoded JSON value: object keys sorted, and <, >, &, U+2028, U+2029 escaped. */
export function goJson(v: unknown): string {
    const sorted = (x: unknown): unknown =>
        Array.isArray(x) ? x.map(sorted)
        : x && typeof x === "object" ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => goCompare(a, b)).map(([k, y]) => [k, sorted(y)]))
        : x;
    const escapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
    return JSON.stringify(sorted(v)).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c]);
}

/** Go's string order (sort.Strings): by UTF-8 bytes, which differs from UTF-16 order past U+FFFF. */
export function goCompare(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Go's strings.TrimSpace(s) == "": unicode.IsSpace, which unlike String.trim() excludes U+FEFF and includes U+0085. */
export function goIsBlank(s: string): boolean {
    return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/.test(s);
}
