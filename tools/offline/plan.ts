import { readFileSync } from "fs";
import * as path from "path";
import { packEnforcementLevel, packName, policies } from "../../policy/policies";
import { parsePlatformConfig } from "../../stacks/config/load";
import { Analysis, analyze, PackDefinition } from "./analyzer";
import { OfflineOnlyFinding, offlineOnlyFindings } from "./offline-only";
import { loadPackConfigFile, reconcilePackConfig } from "./pack-config";
import { runProgram } from "./run";
import { projectRoot, readProject, readStackConfig } from "./stack-files";
import { RecordedResource } from "./types";

export interface PlanOptions {
    readonly stack?: string;
    /** Use this file instead of Pulumi.<stack>.yaml (like `pulumi preview --config-file`). */
    readonly configFile?: string;
    /** Policy pack config; defaults to policy/config/<environment>.json. */
    readonly policyPackConfig?: string;
    readonly root?: string;
}

export interface PlanResult {
    readonly project: string;
    readonly stack: string;
    readonly cloud: string;
    readonly environment: string;
    /** The stack config file, relative to the project when inside it. */
    readonly stackConfigFile: string;
    readonly policyPackConfig: string;
    /** Whether policyPackConfig is the environment's default (the CLI itself uses none unless told). */
    readonly policyPackConfigDefaulted: boolean;
    readonly resources: RecordedResource[];
    readonly outputs: Record<string, unknown>;
    /** The verdicts `pulumi preview --policy-pack` reaches on this program. */
    readonly analysis: Analysis;
    /** What the offline plan finds beyond them, with why the CLI cannot (offline-only.ts). */
    readonly offlineOnly: OfflineOnlyFinding[];
    /** 0: no mandatory violation or finding; 1: mandatory violations or findings. */
    readonly exitCode: 0 | 1;
}

export const pack: PackDefinition = {
    name: packName,
    version: (JSON.parse(readFileSync(path.join(projectRoot, "policy", "package.json"), "utf8")) as { version: string }).version,
    enforcementLevel: packEnforcementLevel,
    policies,
};

/**
 * Previews the program for one stack offline and evaluates the policy pack on it. Bad stack or
 * policy config throws (ConfigError, UsageError, PolicyConfigError) before any resource is declared.
 */
export async function plan(opts: PlanOptions = {}): Promise<PlanResult> {
    const root = opts.root ?? projectRoot;
    const stack = opts.stack ?? "dev";
    const project = readProject(root);
    const { file: stackConfigFile, config, secretKeys } = readStackConfig(project, stack, opts.configFile);
    const platform = parsePlatformConfig(config, { project: project.name, stack });

    const policyPackConfig = opts.policyPackConfig ?? path.join(root, "policy", "config", `${platform.environment}.json`);
    const packConfig = reconcilePackConfig(pack.policies, loadPackConfigFile(policyPackConfig), { packName: pack.name });

    const { resources, outputs } = await runProgram({
        project: project.name,
        stack,
        config,
        secretKeys,
        // Loaded only now: the program must see the mocks, not a real engine.
        program: () => (require("../../stacks/program") as typeof import("../../stacks/program")).program(),
    });
    const stackTags = new Map([["pulumi:project", project.name], ["pulumi:runtime", "nodejs"]]);
    const analysis = await analyze(resources, pack, packConfig, stackTags, { asCli: true });
    const offlineOnly = await offlineOnlyFindings(resources, pack, packConfig, stackTags, analysis);
    return {
        project: project.name,
        stack,
        cloud: platform.cloud,
        environment: platform.environment,
        stackConfigFile: relativeTo(root, stackConfigFile),
        policyPackConfig: relativeTo(root, policyPackConfig),
        policyPackConfigDefaulted: opts.policyPackConfig === undefined,
        resources,
        outputs,
        analysis,
        offlineOnly,
        exitCode: [...analysis.violations, ...offlineOnly].some((v) => v.level === "mandatory") ? 1 : 0,
    };
}

function relativeTo(root: string, file: string): string {
    const rel = path.relative(root, path.resolve(file));
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
