import { ResourceValidationPolicy } from "@pulumi/policy";
import { airflowValues, isTrue } from "../lib/airflow";

export const airflowRemoteLogging: ResourceValidationPolicy = {
    name: "airflow-remote-logging",
    description:
        "Task logs are shipped to object storage, so they outlive the pods that wrote them. " +
        "Fix: values config.logging.remote_logging \"True\" with remote_base_log_folder (s3://, gs:// or wasb…) and remote_log_conn_id.",
    validateResource: (args, report) => {
        const values = airflowValues(args.type, args.props);
        if (!values) {
            return;
        }
        const logging = values.config?.logging;
        if (!isTrue(logging?.remote_logging)) {
            report(`Helm release "${args.name}" keeps task logs on the pods only (config.logging.remote_logging is ${JSON.stringify(logging?.remote_logging ?? "not set")}).`);
        } else if (!logging?.remote_base_log_folder) {
            report(`Helm release "${args.name}" turns remote logging on without config.logging.remote_base_log_folder.`);
        }
    },
};
