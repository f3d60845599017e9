import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";

/**
 * How long a new grant is given to reach every service that checks it. IAM and role assignments are
 * eventually consistent on all three clouds (Google: https://cloud.google.com/iam/docs/access-change-propagation;
 * Azure: https://learn.microsoft.com/azure/role-based-access-control/troubleshooting; AWS:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
 * A resource that needs a grant at creation (a CMK-encrypted bucket, account, cluster or namespace)
 * waits this long after it, so a first `pulumi up` does not fail with 403 and need a rerun. The
 * figures are the usual waits, not guarantees: "Verify on first deploy" in the docs.
 */
export const propagationDelay = { aws: "30s", gcp: "120s", azure: "180s" } as const;

/**
 * A pause after `grants`: the resources that need them depend on the returned Sleep. It waits only
 * when it is created, so later updates do not wait. `@pulumiverse/time` Sleep is the ecosystem's
 * way to do this (Terraform's `time_sleep`, bridged).
 */
export function afterPropagation(name: string, grants: readonly pulumi.Resource[], cloud: keyof typeof propagationDelay, parent: pulumi.Resource): time.Sleep {
    return new time.Sleep(`${name}-propagation`, { createDuration: propagationDelay[cloud] }, { parent, dependsOn: [...grants] });
}
