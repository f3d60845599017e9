import { z } from "zod";
import { AirflowSettings, databaseTiers, defaultChartVersion, executors } from "../../../components/airflow/contract";
import { Environment } from "../../../components/shared/context";
import { profiles } from "../../../components/shared/profile";
import { ConfigError } from "../errors";
import { flag, objectOf, section, text, wholeNumber } from "./common";

/** Defaults of the keys a user may leave out (dags.repo has none: it is the user's). */
export const airflowDefaults = (env: Environment) => ({
    chartVersion: defaultChartVersion,
    executor: "KubernetesExecutor" as const,
    dags: { branch: "main", subPath: "dags", credentialsSecret: "" },
    // A standby in another zone where the database is managed (prod); dev's embedded database is one pod.
    database: { tier: "small" as const, highAvailability: profiles[env].managedDatabases },
    defaultTaskRetries: 3,
});

/** The oldest chart whose values this platform sets (Airflow 3 API server, DAG bundles, JWT secret, worker service accounts). */
export const minChartMinor = 22;

const chartVersion = () => {
    const allowed = `an exact chart version, 1.${minChartMinor}.0 or a later 1.x such as "${defaultChartVersion}" (pinned: no range, no "latest")`;
    return z
        .string({ error: allowed })
        .regex(/^1\.\d+\.\d+$/, { error: allowed })
        .refine((v) => Number(v.split(".")[1]) >= minChartMinor, { error: allowed });
};

const repoUrl = () => {
    const allowed = "a git repository URL: https://host/path.git, ssh://git@host/path.git or git@host:path.git";
    return z.string({ error: allowed }).regex(/^(https:\/\/[^\s/]+\/\S+|ssh:\/\/\S+@[^\s/]+\/\S+|[\w.-]+@[\w.-]+:\S+)$/, { error: allowed });
};

const subPath = () => {
    const allowed = 'a folder of the repository, relative and without "..", such as "dags" ("" = its root)';
    return z
        .string({ error: allowed })
        .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), { error: allowed });
};

const secretName = () => {
    const allowed = 'the name of a Kubernetes Secret in the airflow namespace (lowercase letters, digits, "-" and ".", at most 253) or "" for a public repository';
    return z.string({ error: allowed }).regex(/^$|^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: allowed });
};

export function airflowShape(env: Environment) {
    const d = airflowDefaults(env);
    const bundle = z.strictObject(
        {
            name: text("the bundle's name"),
            classpath: text("the bundle's Python class, such as airflow.providers.amazon.aws.bundles.s3.S3DagBundle"),
            kwargs: z.record(z.string(), z.unknown(), { error: "an object of the bundle's arguments" }).default({}),
        },
        objectOf(["name", "classpath", "kwargs"]),
    );
    return {
        airflow: z
            .strictObject(
                {
                    chartVersion: chartVersion().default(d.chartVersion),
                    executor: z.enum(executors, { error: executors.join(" | ") }).default(d.executor),
                    dags: section({
                        repo: repoUrl().optional(),
                        branch: text("a branch (or tag) of the repository").default(d.dags.branch),
                        subPath: subPath().default(d.dags.subPath),
                        credentialsSecret: secretName().default(d.dags.credentialsSecret),
                        bundle: bundle.optional(),
                    }),
                    database: section({
                        tier: z.enum(databaseTiers, { error: databaseTiers.join(" | ") }).default(d.database.tier),
                        highAvailability: flag().default(d.database.highAvailability),
                    }),
                    defaultTaskRetries: wholeNumber(0, "retries").default(d.defaultTaskRetries),
                },
                objectOf(["chartVersion", "executor", "dags", "database", "defaultTaskRetries"]),
            )
            .optional(),
    };
}

export function checkAirflow(s: { environment: Environment; airflow?: AirflowSettings }, ns: string): void {
    const a = s.airflow;
    if (!a) {
        return;
    }
    if (!a.dags.repo && !a.dags.bundle) {
        throw new ConfigError(`${ns}:airflow.dags.repo`, a.dags.repo, "a git repository URL the DAGs are read from (required unless airflow.dags.bundle is given)");
    }
    if (a.dags.repo && a.dags.bundle) {
        throw new ConfigError(`${ns}:airflow.dags.bundle`, a.dags.bundle, "no bundle when airflow.dags.repo is given: DAGs come from one or the other");
    }
    if (a.database.highAvailability && !profiles[s.environment].managedDatabases) {
        throw new ConfigError(
            `${ns}:airflow.database.highAvailability`,
            true,
            `false in ${s.environment}: it runs the chart's embedded PostgreSQL, a single pod (a managed database with a standby is prod's)`,
        );
    }
}
