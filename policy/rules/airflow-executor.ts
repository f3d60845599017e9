import { ResourceValidationPolicy } from "@pulumi/policy";
import { airflowValues } from "../lib/airflow";

const singleProcess = ["SequentialExecutor", "LocalExecutor"];

export const airflowExecutor: ResourceValidationPolicy = {
    name: "airflow-executor",
    description:
        "Tasks run on an executor that scales out and survives a scheduler restart, not inside the scheduler. " +
        "Fix: values executor KubernetesExecutor, CeleryExecutor or CeleryExecutor,KubernetesExecutor (ai-data-platform:airflow.executor).",
    validateResource: (args, report) => {
        const values = airflowValues(args.type, args.props);
        if (!values) {
            return;
        }
        const used = String(values.executor ?? "").split(",").map((e) => e.trim()).filter((e) => singleProcess.includes(e));
        if (used.length) {
            report(`Helm release "${args.name}" runs tasks with ${used.join(" and ")}.`);
        }
    },
};
