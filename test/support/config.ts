import * as assert from "assert";
import { Cloud, Environment } from "../../components/shared/context";
import { ConfigError, parsePlatformConfig, PlatformConfig } from "../../stacks/config";
import { stackConfig } from "./stack";

const ns = "ai-data-platform";

/** Stack config as the engine hands it to the program: every value a string, objects as JSON. */
export function flatConfig(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** Parses a cloud's test stack config with overrides, as the program would for that environment. */
export function parsedConfig(cloud: Cloud, overrides: Record<string, unknown> = {}, environment: Environment = "prod"): PlatformConfig {
    return parsePlatformConfig(flatConfig(stackConfig(cloud, environment, overrides)), { project: ns, stack: environment });
}

/** The one-line ConfigError a config is refused with; fails when the config is accepted. */
export function configErrorFor(cloud: Cloud, overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError {
    try {
        parsedConfig(cloud, overrides, environment);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
        assert.ok(!err.message.includes("\n"), "one line");
        return err;
    }
    throw new assert.AssertionError({ message: `config ${JSON.stringify(overrides)} was accepted on ${cloud}` });
}

/**
 * Asserts that a config is refused with one line about `key` (without the namespace) whose text
 * matches `allowed`; returns the error for further checks.
 */
export function assertRefused(cloud: Cloud, overrides: Record<string, unknown>, key: string, allowed: RegExp, environment: Environment = "prod"): ConfigError {
    const err = configErrorFor(cloud, overrides, environment);
    assert.strictEqual(err.key, `${ns}:${key}`, err.message);
    assert.match(err.message, allowed);
    return err;
}
