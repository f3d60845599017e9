import { runPlanCommand } from "./offline/cli";

// The command line of `npm run plan`; everything else is in tools/offline/cli.ts, which tests run in-process.
runPlanCommand(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then((code) =>
    // Exit only once stdout has taken everything: a large --json document may still be in the pipe.
    process.stdout.write("", () => process.exit(code)),
);
