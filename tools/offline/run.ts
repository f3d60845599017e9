import * as pulumi from "@pulumi/pulumi";
import { invokes } from "./invokes/index";
import { deserializeProperties, structOf, unknownValue } from "./policy-sdk";
import { customResourceOutputs } from "./preview-outputs";
import { RecordedResource, unknownMarker } from "./types";

export interface RunOptions {
    readonly project: string;
    readonly stack: string;
    /** Flat Pulumi config (`namespace:key` → text), as `pulumi preview` hands it to a program. */
    readonly config?: Readonly<Record<string, string>>;
    readonly secretKeys?: readonly string[];
    /** The program: declares resources and returns the stack outputs (or a promise of them). */
    readonly program: () => unknown;
}

export interface RunResult {
    readonly resources: RecordedResource[];
    /** Stack outputs; values unknown during a preview are shown as `[unknown]`. */
    readonly outputs: Record<string, unknown>;
}

/**
 * Runs a Pulumi program the way `pulumi preview` does, without an engine: under
 * `pulumi.runtime.setMocks` in preview mode, so outputs computed by the cloud stay unknown, and with
 * every registration recorded from the request itself (parent, provider, protect, retainOnDelete,
 * dependencies and property dependencies — the mock callback alone does not carry them), and each
 * resource's outputs modelled as the engine holds them after the preview (previewOutputs).
 */
export async function runProgram(opts: RunOptions): Promise<RunResult> {
    const recorded: Registration[] = [];
    const componentOutputs = new Map<string, Record<string, unknown>>();
    const providerInputs = new Map<string, Record<string, unknown>>();
    const pending = new Set<Promise<void>>();

    pulumi.runtime.setAllConfig({ ...(opts.config ?? {}) }, [...(opts.secretKeys ?? [])]);
    await pulumi.runtime.setMocks(
        {
            // A preview knows a resource's inputs and nothing the cloud computes (ids, ARNs, ...).
            newResource: ({ inputs }) => ({ id: undefined as unknown as string, state: withoutUnknowns(inputs) as Record<string, unknown> }),
            call: ({ token, inputs, provider }) => {
                const answer = invokes[token];
                if (!answer) {
                    throw new Error(`the offline plan has no answer for the invoke ${token}; add one to tools/offline/invokes/`);
                }
                return answer(inputs as Record<string, unknown>, { provider: provider ? providerInputs.get(urnOfRef(provider)) : undefined });
            },
        },
        opts.project,
        opts.stack,
        true,
    );

    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    // The engine qualifies a child's type with its parent's whole type chain; the mock monitor keeps
    // only the parent's last type, so two components of different types with same-named children of
    // the same type would collide offline where they never do in a real deploy.
    monitor.newUrn = (parent, type, name) => {
        const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
        return `urn:pulumi:${opts.stack}::${opts.project}::${qualified}::${name}`;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        let settle!: () => void;
        const done = new Promise<void>((resolve) => (settle = resolve));
        pending.add(done);
        return register(req, (err, resp) => {
            if (!err && resp) {
                const record = toRegistration(req, resp.getUrn());
                recorded.push(record);
                if (record.type.startsWith("pulumi:providers:")) {
                    providerInputs.set(record.urn, record.inputs as Record<string, unknown>);
                }
            }
            try {
                callback(err, resp);
            } finally {
                pending.delete(done);
                settle();
            }
        });
    };

    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        componentOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        return registerOutputs(req, callback);
    };

    const outputs = await opts.program();
    await settleRegistrations(pending);
    return { resources: previewOutputs(recorded, componentOutputs), outputs: await readOutputs(outputs) };
}

type Registration = Omit<RecordedResource, "wireOutputs" | "outputs">;

/**
 * Each resource's outputs as the engine holds them once a preview of a new stack has run, which is
 * what stack policies receive under the CLI (pulumi/pulumi step_generator.go, AnalyzeStack sends
 * `Outputs`):
 * - a provider: its inputs;
 * - a component of this program: what it passed to registerOutputs (the SDK registers `{}` for one
 *   that never does);
 * - a remote component (one a provider constructs): the outputs its provider registers, which the
 *   offline plan cannot know, so none;
 * - a custom resource whose provider's configuration is not known yet: none (the engine skips the
 *   provider and keeps an empty state, provider_plugin.go Create);
 * - any other custom resource: its inputs plus what its provider computes (preview-outputs.ts).
 */
function previewOutputs(registrations: readonly Registration[], componentOutputs: ReadonlyMap<string, Record<string, unknown>>): RecordedResource[] {
    const byUrn = new Map(registrations.map((r) => [r.urn, r]));
    const configUnknown = (r: Registration) => {
        const provider = r.provider ? byUrn.get(r.provider) : undefined;
        return provider !== undefined && containsUnknown(provider.wireInputs);
    };
    return registrations.map((r) => {
        const wireOutputs = r.type.startsWith("pulumi:providers:")
            ? r.wireInputs
            : !r.custom
              ? r.remote
                  ? {}
                  : (componentOutputs.get(r.urn) ?? {})
              : configUnknown(r)
                ? {}
                : customResourceOutputs(r.type, r.wireInputs);
        return { ...r, wireOutputs, outputs: forPeople(deserializeProperties(structOf(wireOutputs as Record<string, unknown>), false)) };
    });
}

function containsUnknown(value: unknown): boolean {
    if (value === unknownValue) {
        return true;
    }
    if (value && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): unknown;
    registerResourceOutputs(req: RegisterOutputsRequest, callback: (err: unknown, resp?: unknown) => void): unknown;
}

interface RegisterOutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getProvider(): string;
    getProvidersMap(): { forEach(cb: (ref: string, pkg: string) => void): void };
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getIgnorechangesList(): string[];
    getAliasurnsList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

function toRegistration(req: RegisterRequest, urn: string): Registration {
    const providers: Record<string, string> = {};
    req.getProvidersMap().forEach((ref, pkg) => (providers[pkg] = urnOfRef(ref)));
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((v, k) => (propertyDependencies[k] = v.getUrnsList()));
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    const timeouts = req.getCustomtimeouts();
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        remote: req.getRemote(),
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        ...(req.getProvider() ? { provider: urnOfRef(req.getProvider()) } : {}),
        providers,
        protect: req.getProtect() === true,
        retainOnDelete: req.getRetainondelete() === true,
        ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
        ignoreChanges: req.getIgnorechangesList(),
        aliases: req.getAliasurnsList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        customTimeouts: {
            createSeconds: seconds(timeouts?.getCreate()),
            updateSeconds: seconds(timeouts?.getUpdate()),
            deleteSeconds: seconds(timeouts?.getDelete()),
        },
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        wireInputs,
        inputs: forPeople(deserializeProperties(structOf(wireInputs), false)),
    };
}

/** A provider reference is `urn::id`; during a preview the id is unknown. */
export function urnOfRef(ref: string): string {
    const at = ref.lastIndexOf("::");
    return at > 0 ? ref.slice(0, at) : ref;
}

/**
 * The state a preview knows: the inputs, with every value the engine does not know yet put back as
 * its unknown sentinel, so the outputs built from it are unknown exactly where a real preview's are
 * (inside lists and secrets too). Resource references in a component's inputs count as unknown.
 */
function withoutUnknowns(value: unknown): unknown {
    const walk = (v: unknown): unknown => {
        if (v === null || typeof v !== "object") {
            return v;
        }
        if ((v as Record<string, unknown>).__pulumiUnknown === true || pulumi.Resource.isInstance(v)) {
            return unknownValue;
        }
        if (Array.isArray(v)) {
            return v.map(walk);
        }
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    };
    const state = walk(value);
    return state === unknownValue ? {} : state;
}

function forPeople(value: unknown): Record<string, unknown> {
    const walk = (v: unknown): unknown => {
        if (v === unknownValue) {
            return unknownMarker;
        }
        if (Array.isArray(v)) {
            return v.map(walk);
        }
        if (v && typeof v === "object" && v.constructor === Object) {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        }
        return v;
    };
    return walk(value) as Record<string, unknown>;
}

// Go-style durations as the engine accepts them in customTimeouts: "90s", "5m", "1h30m".
function seconds(text: string | undefined): number {
    if (!text) {
        return 0;
    }
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    for (const [, n, unit] of text.matchAll(/([\d.]+)(ms|h|m|s)/g)) {
        total += Number(n) * units[unit];
    }
    return total;
}

async function settleRegistrations(pending: Set<Promise<void>>): Promise<void> {
    const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
    // Registrations start from callbacks of earlier ones; wait until a pass starts nothing new.
    for (;;) {
        await waitForRPCs();
        if (pending.size === 0) {
            await new Promise((resolve) => setImmediate(resolve));
            if (pending.size === 0) {
                return;
            }
        }
        await Promise.all([...pending]);
    }
}

async function readOutputs(outputs: unknown): Promise<Record<string, unknown>> {
    if (!outputs || typeof outputs !== "object") {
        return {};
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(outputs)) {
        out[key] = await readValue(value);
    }
    return out;
}

async function readValue(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const internal = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
        return (await internal.isKnown) ? readValue(await internal.promise()) : unknownMarker;
    }
    return value;
}
