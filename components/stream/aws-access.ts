import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccessGrant, principalOf, TopicAccess } from "../shared/grants";
import { mskResourceArn } from "./aws-msk";
import { deadLetterTopic } from "./topics";

interface Statement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: string[];
    readonly Resource: string[];
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: Statement[];
}

/**
 * What a workload needs to produce to or consume from one topic, on the listed clusters (the
 * primary and, where one is kept, its replica in the backup region, which has the same topic names:
 * after a failover the workload only changes its bootstrap servers). IAM access control for MSK:
 * https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html
 *
 * - produce: WriteData on the topic and its dead-letter topic. Idempotent producing (the client
 *   default) needs nothing more on Kafka 2.8 and later, where WriteDataIdempotently is deprecated
 *   (KIP-679): https://docs.aws.amazon.com/msk/latest/developerguide/create-iam-access-control-policies.html
 * - consume: ReadData on both (a dead letter is replayed from its topic), the consumer-group rights
 *   ReadData depends on, and WriteData on the dead-letter topic alone: a consumer dead-letters the
 *   messages it cannot process. Group names are the application's choice, so groups are granted
 *   cluster-wide; a group holds offsets only, never messages.
 */
export function topicAccessPolicy(clusterArns: readonly string[], topic: string, access: TopicAccess): PolicyDocument {
    const topics = [topic, deadLetterTopic(topic)];
    const on = (names: string[]) => clusterArns.flatMap((c) => names.map((n) => mskResourceArn(c, "topic", n)));
    const cluster: Statement = {
        Sid: "ConnectToCluster",
        Effect: "Allow",
        Action: ["kafka-cluster:Connect"],
        Resource: [...clusterArns],
    };
    if (access === "produce") {
        return {
            Version: "2012-10-17",
            Statement: [cluster, { Sid: "ProduceToTopicAndDeadLetters", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"], Resource: on(topics) }],
        };
    }
    return {
        Version: "2012-10-17",
        Statement: [
            cluster,
            { Sid: "ConsumeTopicAndDeadLetters", Effect: "Allow", Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"], Resource: on(topics) },
            { Sid: "DeadLetterFailedMessages", Effect: "Allow", Action: ["kafka-cluster:WriteData"], Resource: on([deadLetterTopic(topic)]) },
            {
                Sid: "ConsumerGroups",
                Effect: "Allow",
                Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
                Resource: clusterArns.map((c) => mskResourceArn(c, "group", "*")),
            },
        ],
    };
}

/** Produce to or consume from a topic and its dead-letter topic, as an inline policy of the workload's role. */
export function topicGrant(clusterArns: readonly pulumi.Output<string>[], topic: string, access: TopicAccess): AccessGrant {
    return {
        description: `${access} on topic ${topic} and ${deadLetterTopic(topic)} (MSK, IAM)`,
        attach: (principal, name, opts) => {
            const { roleName } = principalOf(principal, "aws");
            return [
                new aws.iam.RolePolicy(
                    name,
                    { role: roleName, policy: pulumi.all([...clusterArns]).apply((arns) => JSON.stringify(topicAccessPolicy(arns, topic, access))) },
                    opts,
                ),
            ];
        },
    };
}
