/**
 * Runs a program (an offline plan, a policy fixture) with stack-trace capture off, and again with it
 * on if it fails, so a failure still says where it came from.
 *
 * Why: the Pulumi SDK records a stack trace with every promise it makes (debuggablePromise, kept for
 * its promise-leak report), one or more per input property of every resource — a GCP provider
 * alone has about two hundred properties. Formatting those traces was about 40% of the suite's
 * time; the traces are never read in a preview that ends, and nothing else changes: the SDK still
 * takes a resource's source position with its own, unlimited, limit, so the registrations are the
 * same. Tests await one program at a time, so nothing else runs while the limit is off.
 */
export async function withoutStackTraces<T>(run: () => Promise<T>): Promise<T> {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return await run();
    } catch {
        // Deterministic programs fail the same way twice; this time the error carries its trace.
        Error.stackTraceLimit = limit;
        return await run();
    } finally {
        Error.stackTraceLimit = limit;
    }
}
