import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { roleDefinitionId } from "../shared/azure-roles";
import { AccessGrant, principalOf, TopicAccess } from "../shared/grants";
import { deadLetterTopic } from "./topics";

/** An event hub a grant can name: its ARM id, known during a preview and tied to whatever must exist first. */
export interface EventHubScope {
    readonly topic: string;
    readonly scope: pulumi.Output<string>;
    /** `primary`, or `replica` for the Geo-DR partner's copy of the event hub. */
    readonly copy: "primary" | "replica";
}

type Role = "eventHubsDataSender" | "eventHubsDataReceiver";

/**
 * Which data roles each access needs on which event hub. A consumer reads its topic and the dead-letter
 * topic (to replay), and writes what it cannot process to the dead-letter topic; a producer writes to
 * both (events it cannot deliver go to the dead-letter topic). Kafka over Event Hubs authorizes with
 * these roles at the event hub scope. https://learn.microsoft.com/azure/event-hubs/authorize-access-azure-active-directory#resource-scope
 */
export function rolesFor(topic: string, access: TopicAccess): { topic: string; role: Role }[] {
    const dlq = deadLetterTopic(topic);
    return access === "produce"
        ? [
              { topic, role: "eventHubsDataSender" },
              { topic: dlq, role: "eventHubsDataSender" },
          ]
        : [
              { topic, role: "eventHubsDataReceiver" },
              { topic: dlq, role: "eventHubsDataReceiver" },
              { topic: dlq, role: "eventHubsDataSender" },
          ];
}

/**
 * Produce or consume rights on one topic and its dead-letter topic, for a workload's managed identity,
 * on every copy of the event hubs: Geo-DR copies event hubs to the partner namespace but not the role
 * assignments on them (https://learn.microsoft.com/azure/event-hubs/event-hubs-geo-dr), so the same
 * roles are given there too, ready for a failover.
 */
export function topicGrant(topic: string, access: TopicAccess, scopes: readonly EventHubScope[]): AccessGrant {
    const wanted = rolesFor(topic, access);
    return {
        description: `${access} on ${topic} and ${deadLetterTopic(topic)} (Event Hubs; ${access === "consume" ? "read both, dead-letter into the latter" : "write both"})`,
        attach: (principal, name, opts) => {
            const principalId = principalOf(principal, "azure").principalId;
            return wanted.flatMap(({ topic: hub, role }) =>
                scopes
                    .filter((s) => s.topic === hub)
                    .map((s) => {
                        const subscription = s.scope.apply((id) => id.split("/")[2]);
                        const suffix = `${hub === topic ? "topic" : "dlq"}-${role === "eventHubsDataSender" ? "send" : "receive"}${s.copy === "replica" ? "-replica" : ""}`;
                        return new authorization.RoleAssignment(
                            `${name}-${suffix}`,
                            {
                                principalId,
                                // A new managed identity: stating the type lets Azure skip a directory lookup that can fail while it replicates.
                                principalType: "ServicePrincipal",
                                roleDefinitionId: roleDefinitionId(subscription, role),
                                scope: s.scope,
                            },
                            opts,
                        );
                    }),
            );
        },
    };
}
