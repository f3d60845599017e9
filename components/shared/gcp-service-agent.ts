import * as pulumi from "@pulumi/pulumi";
import * as gcp from "./sdk/gcp";
import type { PlatformContext } from "./context";
import { knownAfter } from "./known-after";
import { infraOptions } from "./options";

/**
 * A Google service agent of the project, as an IAM member (`serviceAccount:service-<project number>@<agentDomain>.iam.gserviceaccount.com`).
 * Google creates an agent only with its service's first resource, which may need the agent's grants
 * first (a CMEK key it encrypts with), so the program asks for it (`gcp.projects.ServiceIdentity` named
 * `name`) and every grant to the member waits for that. Its name is fixed by the project number, so
 * grants show it during a preview. Not data: one per project, and removing it from the stack leaves the
 * account in place (a service identity cannot be deleted).
 * https://cloud.google.com/iam/docs/service-agents
 */
export function serviceAgent(
    parent: pulumi.Resource,
    name: string,
    args: {
        ctx: Pick<PlatformContext, "retainData">;
        provider: pulumi.ProviderResource;
        project: string;
        /** The API the agent belongs to, e.g. `sqladmin.googleapis.com`. */
        service: string;
        /** The agent's domain under iam.gserviceaccount.com, e.g. `gcp-sa-cloud-sql`. */
        agentDomain: string;
    },
): pulumi.Output<string> {
    const { ctx, provider, project } = args;
    const projectNumber = gcp.organizations.getProjectOutput({ projectId: project }, { parent, provider }).number;
    const identity = new gcp.projects.ServiceIdentity(name, { project, service: args.service }, infraOptions(parent, provider, ctx));
    return knownAfter(identity, pulumi.interpolate`serviceAccount:service-${projectNumber}@${args.agentDomain}.iam.gserviceaccount.com`);
}
