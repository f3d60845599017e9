import { ResourceValidationPolicy } from "@pulumi/policy";
import { airflowValues } from "../lib/airflow";

export const airflowNoEmbeddedDatabase: ResourceValidationPolicy = {
    name: "airflow-no-embedded-database",
    description:
        "Airflow's metadata lives in a managed database, not in the chart's embedded PostgreSQL (one pod, no backups; the chart's " +
        "production guide advises against it). The chart turns it on unless told. Fix: values postgresql.enabled false with " +
        "data.metadataSecretName naming the managed database's connection.",
    validateResource: (args, report) => {
        const values = airflowValues(args.type, args.props);
        if (values && values.postgresql?.enabled !== false) {
            report(`Helm release "${args.name}" runs the chart's embedded PostgreSQL (postgresql.enabled is ${JSON.stringify(values.postgresql?.enabled ?? "not set: the chart's default, true")}).`);
        }
    },
};
