import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    UnknownValueError,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { ReconciledConfig } from "./pack-config";
import { deserializeProperties, getPulumiType, structOf } from "./policy-sdk";
import { RecordedResource } from "./types";

export interface PackDefinition {
    readonly name: string;
    readonly version: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly policies: Policies;
}

export type ReportedLevel = "advisory" | "mandatory";

export interface Violation {
    readonly policy: string;
    readonly level: ReportedLevel;
    readonly urn?: string;
    /** As the CLI reports it: the policy's description, a newline, then what the policy said. */
    readonly message: string;
    /** What the policy said about this resource (the description when it said nothing). */
    readonly detail: string;
    readonly description: string;
}

export interface NotApplicable {
    readonly policy: string;
    readonly urn?: string;
    readonly reason?: string;
}

export interface Analysis {
    readonly violations: Violation[];
    readonly notApplicable: NotApplicable[];
    /** Policies that took part (not disabled). */
    readonly evaluated: string[];
}

/**
 * `opts` as the CLI sends them, plus `retainOnDelete`, which the engine records but does not send
 * to policy packs (AnalyzerResourceOptions has no such field). Offline we know it, so a policy may
 * check it here and must treat `undefined` as "not told" when it runs under the CLI.
 */
export interface OfflineResourceOptions extends PolicyResourceOptions {
    readonly retainOnDelete?: boolean;
}

export interface AnalyzeMode {
    /** Send only what the Pulumi CLI sends: leave retainOnDelete out of the resource options. */
    readonly asCli?: boolean;
}

class NotApplicableSignal extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}
const notApplicable = (reason?: string): never => {
    throw new NotApplicableSignal(reason);
};

/**
 * Evaluates a policy pack the way the Pulumi CLI's analyzer (the @pulumi/policy server) does:
 * resource policies see each resource's inputs, stack policies see all resources with parents and
 * (property) dependencies resolved; reading a value unknown during a preview ends that policy's
 * run with the CLI's advisory "can't run ... during preview" instead of a guess; levels resolve
 * config → policy → pack, and `remediate` reports as mandatory.
 */
export async function analyze(
    resources: readonly RecordedResource[],
    pack: PackDefinition,
    config: ReconciledConfig,
    stackTags: ReadonlyMap<string, string> = new Map(),
    mode: AnalyzeMode = {},
): Promise<Analysis> {
    const violations: Violation[] = [];
    const notApplicableList: NotApplicable[] = [];
    const evaluated: string[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));

    for (const policy of pack.policies) {
        const configured = config.get(policy.name);
        let level = configured?.enforcementLevel ?? policy.enforcementLevel ?? pack.enforcementLevel;
        if (level === "disabled") {
            continue;
        }
        if (level === "remediate") {
            level = "mandatory";
        }
        evaluated.push(policy.name);
        const properties = configured?.properties ?? {};
        const getConfig = <T extends object>() => ({ ...properties }) as T;
        const report = (urn?: string): ReportViolation => (message: string, violationUrn?: string) =>
            violations.push({
                policy: policy.name,
                level: level as ReportedLevel,
                urn: violationUrn ?? urn,
                // The CLI's server prefixes every message with the policy's description.
                message: message ? `${policy.description}\n${message}` : policy.description,
                detail: message || policy.description,
                description: policy.description,
            });
        const cantRun = (err: UnknownValueError, urn?: string) => {
            const message = `can't run policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${err.message}`;
            violations.push({ policy: policy.name, level: "advisory", urn, message, detail: message, description: policy.description });
        };

        if ("validateStack" in policy) {
            await runStackPolicy(policy, resources, byUrn, { getConfig, stackTags, report: report(), cantRun, notApplicableList, mode });
        } else {
            await runResourcePolicy(policy, resources, byUrn, { getConfig, stackTags, report, cantRun, notApplicableList, mode });
        }
    }
    return { violations, notApplicable: notApplicableList, evaluated };
}

interface RunContext {
    getConfig<T extends object>(): T;
    stackTags: ReadonlyMap<string, string>;
    cantRun(err: UnknownValueError, urn?: string): void;
    notApplicableList: NotApplicable[];
    mode: AnalyzeMode;
}

async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resources: readonly RecordedResource[],
    byUrn: ReadonlyMap<string, RecordedResource>,
    ctx: RunContext & { report(urn?: string): ReportViolation },
): Promise<void> {
    if (!policy.validateResource) {
        ctx.notApplicableList.push({ policy: policy.name, reason: "Policy does not implement validateResource" });
        return;
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    const onlyType = validations.length === 1 ? getPulumiType(validations[0]) : undefined;
    for (const r of resources) {
        if (onlyType && r.type !== onlyType) {
            continue;
        }
        for (const validate of validations) {
            const props = unknownCheckingProxy(decode(r.wireInputs));
            const args: ResourceValidationArgs = {
                type: r.type,
                props,
                urn: r.urn,
                name: r.name,
                opts: options(r, ctx.mode),
                stackTags: ctx.stackTags,
                isType: (cls) => isTypeOf(r.type, cls),
                asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
                getConfig: ctx.getConfig,
                notApplicable,
                ...providerOf(r, byUrn),
            };
            try {
                await validate(args, ctx.report(r.urn));
            } catch (err) {
                handle(err, policy.name, ctx, r.urn);
            }
        }
    }
}

async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly RecordedResource[],
    byUrn: ReadonlyMap<string, RecordedResource>,
    ctx: RunContext & { report: ReportViolation },
): Promise<void> {
    const onlyType = getPulumiType(policy.validateStack);
    if (onlyType && !resources.some((r) => r.type === onlyType)) {
        ctx.notApplicableList.push({ policy: policy.name, reason: `Policy only applies to resources of type '${onlyType}'` });
        return;
    }
    try {
        const args: StackValidationArgs = {
            resources: stackResources(resources, byUrn, ctx.mode),
            stackTags: ctx.stackTags,
            getConfig: ctx.getConfig,
            notApplicable,
        };
        await policy.validateStack(args, ctx.report);
    } catch (err) {
        handle(err, policy.name, ctx);
    }
}

function handle(err: unknown, policy: string, ctx: RunContext, urn?: string): void {
    if (err instanceof UnknownValueError) {
        ctx.cantRun(err, urn);
    } else if (err instanceof NotApplicableSignal) {
        ctx.notApplicableList.push({ policy, urn, reason: err.reason });
    } else {
        throw new Error(`Error validating resource with policy '${policy}': ${(err as Error)?.stack ?? err}`);
    }
}

function stackResources(resources: readonly RecordedResource[], byUrn: ReadonlyMap<string, RecordedResource>, mode: AnalyzeMode): PolicyResource[] {
    const out = new Map<string, PolicyResource & { dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]> }>();
    for (const r of resources) {
        // AnalyzeStack is called on the outputs of each resource (step_generator.go), not its inputs.
        const props = unknownCheckingProxy(decode(r.wireOutputs));
        out.set(r.urn, {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: options(r, mode),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
            ...providerOf(r, byUrn),
        });
    }
    for (const r of resources) {
        const res = out.get(r.urn)!;
        const parent = r.parent ? out.get(r.parent) : undefined;
        if (parent) {
            (res as { parent?: PolicyResource }).parent = parent;
        }
        res.dependencies = r.dependencies.map((u) => out.get(u)).filter((x): x is PolicyResource & typeof res => !!x);
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
            res.propertyDependencies[k] = urns.map((u) => out.get(u)).filter((x): x is typeof res => !!x);
        }
    }
    return [...out.values()];
}

function decode(wire: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return deserializeProperties(structOf(wire as Record<string, unknown>), false);
}

function options(r: RecordedResource, mode: AnalyzeMode): OfflineResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: [...r.ignoreChanges],
        aliases: [...r.aliases],
        customTimeouts: { ...r.customTimeouts },
        additionalSecretOutputs: [...r.additionalSecretOutputs],
        ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
        ...(r.parent ? { parent: r.parent } : {}),
        ...(mode.asCli ? {} : { retainOnDelete: r.retainOnDelete }),
    };
}

function providerOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>) {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    return p ? { provider: { type: p.type, props: unknownCheckingProxy(decode(p.wireInputs)), urn: p.urn, name: p.name } } : {};
}

function isTypeOf(type: string, cls: unknown): boolean {
    const t = getPulumiType(cls);
    if (t) {
        return t === type;
    }
    const isInstance = (cls as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}
