// Small readers for resource inputs as a policy receives them (plain JSON, possibly proxied so that
// reading an unknown value throws).

export function asArray(value: unknown): any[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** IAM-style policy documents arrive as JSON text or as objects. */
export function parseDocument(value: unknown): { Statement?: unknown } | undefined {
    if (typeof value === "string") {
        try {
            return JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return value && typeof value === "object" ? (value as { Statement?: unknown }) : undefined;
}

/** ISO-8601 day durations ("P35D") and seconds durations ("2592000s") to days. */
export function durationDays(value: unknown): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    if (typeof value !== "string") {
        return undefined;
    }
    const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/i.exec(value);
    if (iso) {
        const [, y, m, w, d] = iso.map((x) => Number(x ?? 0));
        return y * 365 + m * 30 + w * 7 + d;
    }
    const secs = /^(\d+(?:\.\d+)?)s$/.exec(value);
    return secs ? Number(secs[1]) / 86400 : undefined;
}

export function minDefined(...values: (number | undefined)[]): number | undefined {
    const known = values.filter((v): v is number => typeof v === "number");
    return known.length ? Math.min(...known) : undefined;
}

/** Regions compared across resources: `eastus2` and, from hand-written Azure programs, `East US 2` alike. */
export function regionName(value: unknown): string | undefined {
    return typeof value === "string" ? value.toLowerCase().replace(/\s+/g, "") : undefined;
}
