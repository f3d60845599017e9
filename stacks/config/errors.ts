import { ConfigError } from "../../components/shared/config-error";

export { ConfigError, describeValue } from "../../components/shared/config-error";

export function isConfigError(err: unknown): err is ConfigError {
    return err instanceof Error && err.name === "ConfigError";
}
