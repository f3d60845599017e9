import { ResourceValidationPolicy } from "@pulumi/policy";
import { airflowValues } from "../lib/airflow";

export const airflowChartPinned: ResourceValidationPolicy = {
    name: "airflow-chart-pinned",
    description:
        "The Airflow chart is pinned to an exact version, so an upgrade of the chart (and of Airflow with it) happens only when " +
        "someone changes it. Fix: version \"1.22.0\" (ai-data-platform:airflow.chartVersion), not a range or nothing.",
    validateResource: (args, report) => {
        if (!airflowValues(args.type, args.props)) {
            return;
        }
        const version = args.props.version;
        if (typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
            report(`Helm release "${args.name}" takes chart version ${JSON.stringify(version ?? "latest (not set)")}, not an exact one.`);
        }
    },
};
