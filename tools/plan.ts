import { parseArgs } from "util";
import { isConfigError } from "../stacks/config";
import { PolicyConfigError } from "./offline/pack-config";
import { plan } from "./offline/plan";
import { planJson, planText } from "./offline/report";
import { UsageError } from "./offline/stack-files";

const usage = `usage: npm run plan -- [--stack NAME] [--config-file FILE] [--policy-pack-config FILE] [--json]

Previews the program for a stack offline (no cloud account, no Pulumi CLI) and evaluates the policy pack.
  --stack NAME                 stack to preview (default: dev); its config is Pulumi.NAME.yaml
  --config-file FILE           use FILE instead of Pulumi.NAME.yaml, like \`pulumi preview --config-file\`
  --policy-pack-config FILE    policy settings, like \`pulumi preview --policy-pack-config\`
                               (default: policy/config/<environment>.json; pulumi has no default)
  --json                       print the plan as JSON instead of the report
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
    try {
        const result = await plan({ stack: values.stack, configFile: values["config-file"], policyPackConfig: values["policy-pack-config"] });
        process.stdout.write(`${values.json ? JSON.stringify(planJson(result), null, 2) : planText(result)}\n`);
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
