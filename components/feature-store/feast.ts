import { FeastOnlineStore } from "./contract";

/** The environment variable the Feast block reads the store's password from (Feast expands `${VAR}` in feature_store.yaml). */
export const feastPasswordVariable = "FEATURE_STORE_PASSWORD";

/**
 * Feast's Redis online store block for a password-authenticated TLS store: `redis_cluster` when the data
 * is sharded, the password read from the environment so the YAML holds no secret.
 * https://docs.feast.dev/reference/online-stores/redis
 */
export function feastPasswordBlock(host: string, port: number, clustered: boolean, user?: string): FeastOnlineStore {
    const lines = [
        "type: redis",
        `redis_type: ${clustered ? "redis_cluster" : "redis"}`,
        `connection_string: "${host}:${port},ssl=true,${user ? `username=${user},` : ""}password=\${${feastPasswordVariable}}"`,
    ];
    return { yaml: lines.join("\n"), note: `set ${feastPasswordVariable} from the credential named in featureStoreCredential` };
}

/** Why a token-authenticated store has no Feast block: Feast's Redis store sends a fixed password and never refreshes a token. */
export function feastUnavailable(auth: "iam" | "entra", tokenLifetime: string): FeastOnlineStore {
    return {
        note:
            `Feast's Redis online store authenticates with a fixed password; this store takes ${auth === "iam" ? "IAM" : "Microsoft Entra ID"} tokens ` +
            `that expire after ${tokenLifetime}, so Feast cannot connect without a client that refreshes them (docs/feature-store.md)`,
    };
}
