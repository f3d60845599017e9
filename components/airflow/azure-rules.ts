import { CloudRule } from "../clouds/contract";
import { ConfigError } from "../shared/config-error";
import { profiles } from "../shared/profile";
import { flexibleServerBackupDays } from "./azure-limits";

// What Azure Database for PostgreSQL flexible server accepts for Airflow's metadata database (prod).

export const azureAirflowRules: CloudRule[] = [
    (s, ns) => {
        // Backups are kept 7 to 35 days; fewer than 7 cannot be set (components/airflow/azure-limits.ts).
        if (s.airflow && profiles[s.environment].managedDatabases && s.backup.retentionDays < flexibleServerBackupDays.min) {
            throw new ConfigError(
                `${ns}:backup.retentionDays`,
                s.backup.retentionDays,
                `${flexibleServerBackupDays.min} or more on azure with airflow in ${s.environment} (Azure Database for PostgreSQL keeps backups ${flexibleServerBackupDays.min} to ${flexibleServerBackupDays.max} days)`,
            );
        }
    },
];
