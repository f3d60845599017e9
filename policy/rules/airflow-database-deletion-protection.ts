import { StackValidationPolicy } from "@pulumi/policy";
import { databases } from "../lib/airflow";
import { describe, ResourceIndex } from "../lib/resource-index";

export const airflowDatabaseDeletionProtection: StackValidationPolicy = {
    name: "airflow-database-deletion-protection",
    description:
        "The cloud refuses to delete the metadata database until someone lifts a protection on purpose. " +
        "Fix: RDS — deletionProtection true; Cloud SQL — settings.deletionProtectionEnabled true; " +
        "Azure flexible server — a CanNotDelete ManagementLockByScope whose scope is the server.",
    validateStack: (args, report) => {
        for (const db of databases(new ResourceIndex(args.resources))) {
            if (!db.deletionProtection()) {
                report(`${describe(db.resource)} (${db.service}) can be deleted without lifting a protection first.`, db.resource.urn);
            }
        }
    },
};
