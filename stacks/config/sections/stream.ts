import { z } from "zod";
import { Environment } from "../../../components/shared/context";
import { deadLetterTopic, kafkaTopicName, StreamSettings } from "../../../components/stream/topics";
import { ConfigError } from "../errors";
import { flag, objectOf, section, wholeNumber } from "./common";

export const streamDefaults = (env: Environment): StreamSettings => ({
    // Seven days: consumers can replay a week.
    topics: [{ name: "raw-events", partitions: 3, retentionHours: 168 }],
    dlqRetentionHours: 336,
    archiveToLake: env === "prod",
    replicateToBackupRegion: env === "prod",
});

const topicName = () => {
    const allowed = "1-249 letters, digits, '.', '_' and '-', not '.' or '..' (Kafka's rule)";
    return z
        .string({ error: allowed })
        .regex(kafkaTopicName, { error: allowed })
        .refine((n) => n !== "." && n !== "..", { error: allowed });
};

export function streamShape(env: Environment) {
    const d = streamDefaults(env);
    const topic = z.strictObject(
        {
            name: topicName(),
            partitions: wholeNumber(1, "partitions").default(3),
            retentionHours: wholeNumber(1, "hours").default(168),
        },
        objectOf(["name", "partitions", "retentionHours"]),
    );
    return {
        stream: section({
            topics: z.array(topic, { error: "a list of topics" }).default([...d.topics]),
            dlqRetentionHours: wholeNumber(1, "hours").default(d.dlqRetentionHours),
            archiveToLake: flag().default(d.archiveToLake),
            replicateToBackupRegion: flag().default(d.replicateToBackupRegion),
        }),
    };
}

export function checkStream(s: { stream: StreamSettings }, ns: string): void {
    const { topics, dlqRetentionHours } = s.stream;
    const names = new Map<string, string>();
    topics.forEach((t, i) => {
        const key = `${ns}:stream.topics[${i}].name`;
        for (const name of [t.name, deadLetterTopic(t.name)]) {
            // Kafka refuses topics whose names differ only by '.' versus '_' (they collide in metrics).
            const normalized = name.replace(/\./g, "_");
            const clash = names.get(normalized);
            if (clash) {
                const why = clash === name ? `${name} is listed twice` : `${name} clashes with ${clash}, as Kafka treats '.' and '_' alike in names`;
                throw new ConfigError(key, t.name, `a name no other topic or dead-letter topic has (${why})`);
            }
            names.set(normalized, name);
        }
        if (deadLetterTopic(t.name).length > 249) {
            throw new ConfigError(key, t.name, "at most 245 characters, so that its dead-letter topic <name>.dlq fits Kafka's 249");
        }
        if (dlqRetentionHours < t.retentionHours) {
            throw new ConfigError(`${ns}:stream.dlqRetentionHours`, dlqRetentionHours, `${t.retentionHours} or more: a dead-letter topic keeps its messages at least as long as its topic (${t.name})`);
        }
    });
}
