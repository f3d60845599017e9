import { ResourceValidationPolicy } from "@pulumi/policy";
import { airflowValues } from "../lib/airflow";

interface Config {
    minTaskRetries: number;
}

export const airflowTaskRetries: ResourceValidationPolicy = {
    name: "airflow-task-retries",
    description:
        "A task that does not say otherwise is retried at least minTaskRetries times, so a transient failure does not fail its run " +
        "(Airflow's own default is 0). Fix: values config.core.default_task_retries (ai-data-platform:airflow.defaultTaskRetries).",
    configSchema: {
        properties: {
            minTaskRetries: { type: "integer", minimum: 0, default: 1, description: "Fewest default retries accepted." },
        },
    },
    validateResource: (args, report) => {
        const values = airflowValues(args.type, args.props);
        if (!values) {
            return;
        }
        const { minTaskRetries } = args.getConfig<Config>();
        const given = values.config?.core?.default_task_retries;
        const retries = given === undefined || given === null || given === "" ? 0 : Number(given);
        if (!(retries >= minTaskRetries)) {
            report(`Helm release "${args.name}" retries tasks ${given === undefined ? "0 times (not set: Airflow's default)" : `${JSON.stringify(given)} times`} by default (at least ${minTaskRetries} required).`);
        }
    },
};
