import { writeFileSync } from "fs";
import { parseArgs } from "util";
import { isConfigError } from "../../stacks/config";
import { PolicyConfigError } from "./pack-config";
import { planMarkdown } from "./markdown";
import { pack, plan, PlanOptions, PlanResult } from "./plan";
import { planJson, planText } from "./report";
import { planSarif } from "./sarif";
import { withoutStackTraces } from "./stack-traces";
import { UsageError } from "./stack-files";

const formats: Record<string, (r: PlanResult) => string> = {
    text: planText,
    json: (r) => JSON.stringify(planJson(r), null, 2),
    sarif: (r) => JSON.stringify(planSarif(r, pack), null, 2),
    markdown: planMarkdown,
};

const usage = `usage: npm run plan -- [--stack NAME] [--config-file FILE] [--policy-pack-config FILE] [--format FORMAT] [--output FILE]

Previews the program for a stack offline (no cloud account, no Pulumi CLI) and evaluates the policy pack.
  --stack NAME                 stack to preview (default: dev); its config is Pulumi.NAME.yaml
  --config-file FILE           use FILE instead of Pulumi.NAME.yaml, like \`pulumi preview --config-file\`
  --policy-pack-config FILE    policy settings, like \`pulumi preview --policy-pack-config\`
                               (default: policy/config/<environment>.json; pulumi has no default)
  --format FORMAT              text (the report, default), json, sarif (SARIF 2.1.0 for code scanning)
                               or markdown (a summary for $GITHUB_STEP_SUMMARY or a pull-request comment)
  --json                       the same as --format json
  --output FILE                write the document to FILE instead of standard output
Exit status: 0 no mandatory violation · 1 mandatory violations · 2 bad config or usage · 3 the program failed`;

/** Where the command writes; the process's streams by default, a buffer in tests. */
export interface CommandIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

/**
 * `npm run plan -- ARGS`: the exit status, with the document and messages written to `io`. `planner`
 * computes the plan (tests hand in their per-process cache of the same function).
 */
export async function runPlanCommand(args: readonly string[], io: CommandIo, planner: (opts: PlanOptions) => Promise<PlanResult> = plan): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: [...args],
            options: {
                stack: { type: "string" },
                "config-file": { type: "string" },
                "policy-pack-config": { type: "string" },
                json: { type: "boolean", default: false },
                format: { type: "string" },
                output: { type: "string" },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (err) {
        io.stderr(`error: ${(err as Error).message}\n${usage}\n`);
        return 2;
    }
    if (values.help) {
        io.stdout(`${usage}\n`);
        return 0;
    }
    if (values.json && values.format !== undefined && values.format !== "json") {
        io.stderr(`error: --json and --format ${values.format} ask for two formats; give one\n${usage}\n`);
        return 2;
    }
    const format = values.json ? "json" : (values.format ?? "text");
    if (!(format in formats)) {
        io.stderr(`error: --format ${JSON.stringify(format)} is not one of ${Object.keys(formats).join(", ")}\n${usage}\n`);
        return 2;
    }
    try {
        // The SDK's per-promise stack traces are most of a preview's time and nobody reads them; a
        // program that fails runs again with them, so its error says where (stack-traces.ts).
        const result = await withoutStackTraces(() => planner({ stack: values.stack, configFile: values["config-file"], policyPackConfig: values["policy-pack-config"] }));
        const document = `${formats[format](result)}\n`;
        if (values.output) {
            writeFileSync(values.output, document);
        } else {
            io.stdout(document);
        }
        return result.exitCode;
    } catch (err) {
        if (isConfigError(err) || err instanceof UsageError || err instanceof PolicyConfigError) {
            io.stderr(`error: ${(err as Error).message}\n`);
            return 2;
        }
        io.stderr(`error: the program failed: ${(err as Error)?.stack ?? err}\n`);
        return 3;
    }
}
