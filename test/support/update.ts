import * as pulumi from "@pulumi/pulumi";
import { invokes } from "../../tools/offline/invokes";
import { flatConfig } from "./config";

/** A resource as the mocks saw it created. */
export interface Created {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

/** What the cloud (or a command) reports for a resource beyond its inputs; undefined: its inputs, id `<name>-id`. */
export type Answer = (r: Created) => { readonly id?: string; readonly state?: Record<string, unknown> } | undefined;

export interface UpdateRun {
    readonly created: Created[];
    /** The stack outputs, resolved. */
    readonly outputs: Record<string, unknown>;
    /** The one resource of a type and name; fails loudly when there is not exactly one. */
    get(type: string, name: string): Created;
}

/**
 * Runs the program as `pulumi up` would rather than a preview: every resource is created, with the
 * outputs `answer` gives it, so what a preview cannot know (values read after creation) can be
 * followed to where the program uses it.
 */
export async function runUpdate(stack: string, config: Record<string, unknown>, answer: Answer): Promise<UpdateRun> {
    const created: Created[] = [];
    pulumi.runtime.setAllConfig(flatConfig(config));
    await pulumi.runtime.setMocks(
        {
            newResource: ({ type, name, inputs }) => {
                const resource = { type, name, inputs };
                created.push(resource);
                const given = answer(resource);
                return { id: given?.id ?? `${name}-id`, state: given?.state ?? inputs };
            },
            call: ({ token, inputs }) => invokes[token](inputs as Record<string, unknown>, {}),
        },
        "ai-data-platform",
        stack,
        false,
    );
    const stackOutputs = (require("../../stacks/program") as typeof import("../../stacks/program")).program() as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(stackOutputs)) {
        // The output's own promise, which rejects with the error an apply threw (an apply's callback never runs then).
        outputs[key] = pulumi.Output.isInstance(value) ? await (value as unknown as { promise(): Promise<unknown> }).promise() : value;
    }
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
    for (let seen = -1; seen !== created.length; ) {
        seen = created.length;
        await waitForRPCs();
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return {
        created,
        outputs,
        get: (type, name) => {
            const found = created.filter((r) => r.type === type && r.name === name);
            if (found.length !== 1) {
                throw new Error(`expected one ${type} "${name}", found ${found.length}`);
            }
            return found[0];
        },
    };
}
