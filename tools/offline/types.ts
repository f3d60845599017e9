/** One resource registration as the engine receives it, recorded from the mock monitor. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** A multi-language component (such as kubernetes.helm.v4.Chart): one opaque resource offline. */
    readonly remote: boolean;
    readonly parent?: string;
    /** URN of the explicit provider, when one was given. */
    readonly provider?: string;
    /** Providers given per package to a component (`providers: {aws: p}`), by package: what a remote component uses. */
    readonly providers: Readonly<Record<string, string>>;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly ignoreChanges: readonly string[];
    readonly aliases: readonly string[];
    readonly additionalSecretOutputs: readonly string[];
    readonly customTimeouts: { readonly createSeconds: number; readonly updateSeconds: number; readonly deleteSeconds: number };
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** The serialized inputs exactly as registered: unknown sentinels and secret envelopes intact. */
    readonly wireInputs: Readonly<Record<string, unknown>>;
    /** The inputs for people: secrets unwrapped, values unknown during a preview shown as `[unknown]`. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /**
     * The outputs as the engine would hold them after a preview of a new stack, serialized like
     * `wireInputs`: what stack policies receive under the CLI (see preview-outputs.ts for the rules).
     */
    readonly wireOutputs: Readonly<Record<string, unknown>>;
    /** The outputs for people, written like `inputs`. */
    readonly outputs: Readonly<Record<string, unknown>>;
}

export const unknownMarker = "[unknown]";
