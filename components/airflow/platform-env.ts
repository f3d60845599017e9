import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { PlatformEndpoints } from "./contract";

/**
 * The variable and connection names DAGs read (AIRFLOW_VAR_<NAME> is `Variable.get("<name>")`,
 * AIRFLOW_CONN_<ID> is the connection `<id>`). dags/feature_pipeline.py uses exactly these.
 */
export const platformVariables = {
    environment: "platform_environment",
    region: "platform_region",
    lakeUrl: "lake_url",
    bootstrapServers: "stream_bootstrap_servers",
    topics: "stream_topics",
    featureStoreHost: "feature_store_host",
    featureStorePort: "feature_store_port",
    featureStoreAuth: "feature_store_auth",
    featureStoreCredential: "feature_store_credential",
    featureStoreCaCerts: "feature_store_ca_certs",
    featureStoreClusterMode: "feature_store_cluster_mode",
} as const;

export const platformConnections = { kafka: "platform_kafka", featureStore: "feature_store" } as const;

const variable = (name: string) => `AIRFLOW_VAR_${name.toUpperCase()}`;
/** The environment variable Airflow reads the connection `id` from. */
export const connectionEnv = (id: string) => `AIRFLOW_CONN_${id.toUpperCase()}`;

/**
 * The platform's endpoints as Airflow variables and connections, by environment: nothing to click in
 * the UI, nothing stored in the metadata database, the same names on every cloud. No secrets: the
 * lake, the streams and the feature store are reached through the pod's workload identity (the
 * feature store's credential variable says where its password or token comes from, not what it is).
 */
export function platformEnvironment(ctx: Pick<PlatformContext, "environment" | "region">, p: PlatformEndpoints): { name: string; value: pulumi.Input<string> }[] {
    const env: { name: string; value: pulumi.Input<string> }[] = [
        { name: variable(platformVariables.environment), value: ctx.environment },
        // Where the platform's services are (SDKs that need a region, e.g. boto3 for the store's secret).
        { name: variable(platformVariables.region), value: ctx.region },
        { name: variable(platformVariables.lakeUrl), value: p.lakeUrl },
        { name: variable(platformVariables.bootstrapServers), value: p.bootstrapServers },
        { name: variable(platformVariables.topics), value: JSON.stringify({ topics: p.topics, deadLetterTopics: p.deadLetterTopics }) },
        {
            name: connectionEnv(platformConnections.kafka),
            value: pulumi.jsonStringify({ conn_type: "kafka", extra: pulumi.all([p.bootstrapServers, p.kafkaClientProperties]).apply(([servers, props]) => ({ ...props, "bootstrap.servers": servers })) }),
        },
    ];
    if (p.featureStore) {
        const fs = p.featureStore;
        env.push(
            { name: variable(platformVariables.featureStoreHost), value: fs.host },
            { name: variable(platformVariables.featureStorePort), value: fs.port.apply(String) },
            { name: variable(platformVariables.featureStoreAuth), value: fs.auth },
            { name: variable(platformVariables.featureStoreCredential), value: fs.credential },
            // "true" where a client must follow the store's slot map (redis-py RedisCluster), else "false".
            { name: variable(platformVariables.featureStoreClusterMode), value: String(fs.clusterMode) },
            // Empty where the system trust store verifies the store (the DAG then uses it).
            ...(fs.caCertificates ? [{ name: variable(platformVariables.featureStoreCaCerts), value: fs.caCertificates.apply((pem) => pem ?? "") }] : []),
            // TLS on every cloud's store. No password in the connection: the DAG obtains one per `auth`
            // (docs/airflow.md), and tokens (iam, entra) expire within the hour anyway.
            { name: connectionEnv(platformConnections.featureStore), value: pulumi.jsonStringify({ conn_type: "redis", host: fs.host, port: fs.port, extra: { ssl: true } }) },
        );
    }
    return env;
}
