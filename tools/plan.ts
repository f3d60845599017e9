import { writeFileSync } from "fs";
import { parseArgs } from "util";
import { isConfigError } from "../stacks/config";
import { PolicyConfigError } from "./offline/pack-config";
import { planMarkdown } from "./offline/markdown";
import { pack, plan, PlanResult } from "./offline/plan";
import { planJson, planText } from "./offline/report";
import { planSarif } from "./offline/sarif";
import { UsageError } from "./offline/stack-files";

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

async function main(): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
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
        process.stderr.write(`error: ${(err as Error).message}\n${usage}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${usage}\n`);
        return 0;
    }
    if (values.json && values.format !== undefined && values.format !== "json") {
        process.stderr.write(`error: --json and --format ${values.format} ask for two formats; give one\n${usage}\n`);
        return 2;
    }
    const format = values.json ? "json" : (values.format ?? "text");
    if (!(format in formats)) {
        process.stderr.write(`error: --format ${JSON.stringify(format)} is not one of ${Object.keys(formats).join(", ")}\n${usage}\n`);
        return 2;
    }
    try {
        const result = await plan({ stack: values.stack, configFile: values["config-file"], policyPackConfig: values["policy-pack-config"] });
        const document = `${formats[format](result)}\n`;
        if (values.output) {
            writeFileSync(values.output, document);
        } else {
            process.stdout.write(document);
        }
        return result.exitCode;
    } catch (err) {
        if (isConfigError(err) || err instanceof UsageError || err instanceof PolicyConfigError) {
            process.stderr.write(`error: ${(err as Error).message}\n`);
            return 2;
        }
        process.stderr.write(`error: the program failed: ${(err as Error)?.stack ?? err}\n`);
        return 3;
    }
}

// Exit only once stdout has taken everything: a large --json document may still be in the pipe.
main().then((code) => process.stdout.write("", () => process.exit(code)));
