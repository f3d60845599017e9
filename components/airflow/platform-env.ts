import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { PlatformEndpoints } from "./contract";

/**
 * The variable and connection names DAGs read (AIRFLOW_VAR_<NAME> is `Variable.get("<name>")`,
 * AIRFLOW_CONN_<ID> is the connection `<id>`). dags/feature_pipeline.py uses exactly these.
 */
export const platformVariables = {
    environment: "platform_environment",
    lakeUrl: "lake_url",
    bootstrapServers: "stream_bootstrap_servers",
    topics: "stream_topics",
    featureStoreHost: "feature_store_host",
    featureStorePort: "feature_store_port",
} as const;

export const platformConnections = { kafka: "platform_kafka", featureStore: "feature_store" } as const;

const variable = (name: string) => `AIRFLOW_VAR_${name.toUpperCase()}`;
const connection = (id: string) => `AIRFLOW_CONN_${id.toUpperCase()}`;

/**
 * The platform's endpoints as Airflow variables and connections, by environment: nothing to click in
 * the UI, nothing stored in the metadata database, the same names on every cloud. No secrets: the
 * lake and the streams are reached through the pod's workload identity.
 */
export function platformEnvironment(ctx: Pick<PlatformContext, "environment">, p: PlatformEndpoints): { name: string; value: pulumi.Input<string> }[] {
    const env: { name: string; value: pulumi.Input<string> }[] = [
        { name: variable(platformVariables.environment), value: ctx.environment },
        { name: variable(platformVariables.lakeUrl), value: p.lakeUrl },
        { name: variable(platformVariables.bootstrapServers), value: p.bootstrapServers },
        { name: variable(platformVariables.topics), value: JSON.stringify({ topics: p.topics, deadLetterTopics: p.deadLetterTopics }) },
        {
            name: connection(platformConnections.kafka),
            value: pulumi.jsonStringify({ conn_type: "kafka", extra: pulumi.all([p.bootstrapServers, p.kafkaClientProperties]).apply(([servers, props]) => ({ ...props, "bootstrap.servers": servers })) }),
        },
    ];
    if (p.featureStore) {
        const fs = p.featureStore;
        env.push(
            { name: variable(platformVariables.featureStoreHost), value: fs.host },
            { name: variable(platformVariables.featureStorePort), value: fs.port.apply(String) },
            // TLS on every cloud's managed Redis; authentication is the cloud's (see docs/feature-store.md when it lands).
            { name: connection(platformConnections.featureStore), value: pulumi.jsonStringify({ conn_type: "redis", host: fs.host, port: fs.port, extra: { ssl: true } }) },
        );
    }
    return env;
}
