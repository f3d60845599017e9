// The error a config check throws, in components/shared so that the per-cloud rules next to each
// implementation (components/<capability>/<cloud>-rules.ts) can throw it without importing stacks/.

/**
 * A configuration value the platform cannot accept. The message is one line that names the key,
 * what was given and what is allowed, so a user can fix it without reading code.
 */
export class ConfigError extends Error {
    constructor(
        readonly key: string,
        readonly given: unknown,
        readonly allowed: string,
    ) {
        super(`invalid config ${key}: got ${describeValue(given)}; allowed: ${allowed}`);
        this.name = "ConfigError";
    }
}

export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing (not set)";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}
