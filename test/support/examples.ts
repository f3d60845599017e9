import * as path from "path";
import { Cloud, clouds, Environment, environments } from "../../components/shared/context";
import { PlanResult } from "../../tools/offline/plan";
import { projectRoot } from "../../tools/offline/project-root";
import { sharedPlan } from "./plans";

/** Every shipped example stack config, `examples/<cloud>-<env>.yaml`. */
export const examples: readonly { cloud: Cloud; env: Environment; file: string }[] = clouds.flatMap((cloud) =>
    environments.map((env) => ({ cloud, env, file: path.join("examples", `${cloud}-${env}.yaml`) })),
);

/**
 * The offline plan of an example as CI runs it (`npm run plan -- --stack <env> --config-file
 * examples/<cloud>-<env>.yaml`), computed once per test process and shared by every test file that
 * reads it (support/plans.ts).
 */
export function examplePlan(cloud: Cloud, env: Environment): Promise<PlanResult> {
    return sharedPlan({ stack: env, configFile: path.join(projectRoot, "examples", `${cloud}-${env}.yaml`) });
}
