import { StackValidationPolicy } from "@pulumi/policy";
import { databases } from "../lib/airflow";
import { describe, ResourceIndex } from "../lib/resource-index";

export const airflowDatabasePrivate: StackValidationPolicy = {
    name: "airflow-database-private",
    description:
        "The metadata database is reachable from the private network only. " +
        "Fix: RDS — publiclyAccessible false in private subnets; Cloud SQL — settings.ipConfiguration.ipv4Enabled false with privateNetwork; " +
        "Azure flexible server — network.publicNetworkAccess Disabled with a delegated subnet and private DNS zone.",
    validateStack: (args, report) => {
        for (const db of databases(new ResourceIndex(args.resources))) {
            const why = db.publicAccess();
            if (why) {
                report(`${describe(db.resource)} (${db.service}) is reachable from public networks: ${why}.`, db.resource.urn);
            }
        }
    },
};
