import * as pulumi from "@pulumi/pulumi";
import { isConfigError } from "./config";
import { program } from "./program";

// A config mistake is reported as the one line that explains it; RunError tells Pulumi to print
// the message without a stack trace.
function main() {
    try {
        return program();
    } catch (err) {
        if (isConfigError(err)) {
            throw new pulumi.RunError(err.message);
        }
        throw err;
    }
}

export = main();
