/**
 * The outputs a custom resource has after `pulumi preview` of a new stack, serialized (unknown
 * values as the engine's unknown sentinel): its inputs plus every property its provider computes and
 * the inputs leave unset, which a preview cannot know.
 */
export function customResourceOutputs(_type: string, wireInputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return { ...wireInputs };
}
