import * as path from "path";
import { Cloud, clouds, Environment, environments } from "../../components/shared/context";
import { plan, PlanResult } from "../../tools/offline/plan";
import { projectRoot } from "../../tools/offline/project-root";

/** Every shipped example stack config, `examples/<cloud>-<env>.yaml`. */
export const examples: readonly { cloud: Cloud; env: Environment; file: string }[] = clouds.flatMap((cloud) =>
    environments.map((env) => ({ cloud, env, file: path.join("examples", `${cloud}-${env}.yaml`) })),
);

const plans = new Map<string, Promise<PlanResult>>();

/**
 * The offline plan of an example, computed once per test process and shared by every test file
 * that reads it (plans are the suite's costliest step; nothing mutates a result).
 */
export function examplePlan(cloud: Cloud, env: Environment): Promise<PlanResult> {
    const key = `${cloud}-${env}`;
    if (!plans.has(key)) {
        plans.set(key, plan({ stack: env, configFile: path.join(projectRoot, "examples", `${key}.yaml`) }));
    }
    return plans.get(key)!;
}
