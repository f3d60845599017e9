/**
 * Runs a program (an offline plan, a policy fixture) with stack-trace capture off, and again with it
 * on if it fails, so a failure still says where it came from.
 *
 * Why: the Pulumi SDK formats a stack trace for every promise it makes (debuggablePromise, kept for
 * its promise-leak report), one or more per input property of every resource — a GCP provider alone
 * has about two hundred properties. That was about 40% of the policy tests' time; the traces are
 * never read in a preview that ends, and nothing else changes: the SDK takes a resource's source
 * position with its own, unlimited, limit, so the registrations are the same.
 */
export async function withoutStackTraces<T>(run: () => Promise<T>): Promise<T> {
    // Counted, so programs that overlap (Promise.all) put the limit back once, when the last one ends.
    if (running++ === 0) {
        savedLimit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
    }
    try {
        return await run();
    } catch {
        // Deterministic programs fail the same way twice; this time the error carries its trace.
        Error.stackTraceLimit = savedLimit;
        try {
            return await run();
        } finally {
            // Others still running keep theirs off; the last one's outer finally restores the limit.
            if (running > 1) {
                Error.stackTraceLimit = 0;
            }
        }
    } finally {
        if (--running === 0) {
            Error.stackTraceLimit = savedLimit;
        }
    }
}

let running = 0;
let savedLimit = Error.stackTraceLimit;
