import * as command from "@pulumi/command";
import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { PlatformContext } from "../shared/context";
import { gcpProjectOf } from "../shared/gcp-context";
import { knownAfter } from "../shared/known-after";
import { infraOptions } from "../shared/options";
import { bootstrapServersOf, describeBootstrapCommand } from "./gcp-limits";

/**
 * Reads `cluster`'s bootstrap address (`host:9092`, the SASL/OAUTHBEARER listener) from the Managed
 * Kafka API once the cluster exists, on the deploying machine (which already has the Google Cloud CLI
 * for gke-gcloud-auth-plugin), because @pulumi/gcp cannot read it and it cannot be built
 * (gcp-limits.ts `describeBootstrapCommand`).
 * The output is kept in the stack's state, so later runs do not call gcloud again; during a preview
 * of a new cluster the address is unknown, as a cluster's computed outputs are.
 *
 * Re-read when the cluster is replaced: its id is the same after a replacement (the platform names
 * clusters), its creation time and, in the newer form, its address are not. The address is tied to
 * the cluster too (`knownAfter`), so what is built from it records the cluster among its
 * dependencies, which is how the policy pack finds a MirrorMaker connector's clusters.
 * Nothing to undo on delete: the command has no `delete`.
 */
export function readBootstrapServers(parent: pulumi.Resource, name: string, ctx: PlatformContext, cluster: gcp.managedkafka.Cluster, region: string): pulumi.Output<string> {
    const project = gcpProjectOf(ctx);
    const read = new command.local.Command(
        `${name}-bootstrap-address`,
        {
            create: cluster.clusterId.apply((id) => describeBootstrapCommand(id, region, project)),
            interpreter: ["/bin/sh", "-c"],
            triggers: [cluster.id, cluster.createTime],
        },
        infraOptions(parent, undefined, ctx, { dependsOn: [cluster] }),
    );
    return knownAfter(cluster, read.stdout.apply(bootstrapServersOf));
}
