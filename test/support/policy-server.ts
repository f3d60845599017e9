import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as rpc from "@pulumi/pulumi/proto/analyzer_pb";
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Socket } from "net";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as path from "path";
import { ReportedLevel } from "../../tools/offline/analyzer";
import { ReconciledConfig } from "../../tools/offline/pack-config";
import { RecordedResource } from "../../tools/offline/types";
import { projectRoot } from "../../tools/offline/project-root";

// The policy pack run as `pulumi preview --policy-pack policy` runs it, and driven over gRPC with the
// requests the engine builds (pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go and
// pkg/resource/deploy/step_generator.go), so its verdicts can be compared with the offline plan's.

/** One policy diagnostic, in the offline analyzer's terms. */
export interface Verdict {
    readonly policy: string;
    readonly level: ReportedLevel;
    /** The resource it is about; none for a stack policy that names no resource (the CLI shows it on the stack). */
    readonly urn?: string;
    readonly message: string;
}

export interface PreviewRequest {
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly RecordedResource[];
    /** The --policy-pack-config file reconciled as the CLI does (tools/offline/pack-config.ts). */
    readonly packConfig: ReconciledConfig;
    readonly tags?: ReadonlyMap<string, string>;
}

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    /** Each policy's level before config: its own, else the pack's (what the CLI's reconciliation starts from). */
    readonly levels: ReadonlyMap<string, string>;
}

const levelNames: Record<number, string> = {
    [rpc.EnforcementLevel.ADVISORY]: "advisory",
    [rpc.EnforcementLevel.MANDATORY]: "mandatory",
    [rpc.EnforcementLevel.REMEDIATE]: "remediate",
    [rpc.EnforcementLevel.DISABLED]: "disabled",
};
const levelCodes = new Map(Object.entries(levelNames).map(([code, name]) => [name, Number(code) as rpc.EnforcementLevel]));

export class PolicyServer {
    private constructor(
        private readonly child: ChildProcessWithoutNullStreams,
        private readonly client: AnalyzerClient,
        readonly info: PackInfo,
        private readonly stderr: () => string,
    ) {}

    /**
     * Starts the pack as the CLI does (pulumi-language-nodejs RunPlugin, kind analyzer): node runs
     * `@pulumi/pulumi/cmd/run-policy-pack <engine address> <pack dir>` in the pack's directory, which
     * registers ts-node with type checking, loads the pack, and prints the port it serves on. The
     * runner drops the engine address unread and the pack never dials the engine: no engine is needed.
     * The CLI also passes the stack's name and config in PULUMI_NODEJS_* and PULUMI_CONFIG; one server
     * serves every stack here, and the pack reads none of them.
     */
    static async start(packDir = path.join(projectRoot, "policy")): Promise<PolicyServer> {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        // The test runner's own TypeScript loader must not leak into the pack's process.
        const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_OPTIONS" && !k.startsWith("TS_NODE_")));
        const child = spawn(process.execPath, [runner, "127.0.0.1:0", packDir], { cwd: packDir, env });
        // A server nobody stopped (its tests were not selected, or failed early) must neither keep the
        // test process alive nor outlive it.
        child.unref();
        // A child's pipes are sockets (net.Socket), which node types as plain streams.
        for (const pipe of [child.stdout, child.stderr, child.stdin]) {
            (pipe as unknown as Socket).unref();
        }
        const kill = () => child.kill();
        process.once("exit", kill);
        child.once("exit", () => process.removeListener("exit", kill));
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
            let stdout = "";
            child.stdout.on("data", (d) => {
                stdout += d;
                const m = /^(\d+)\s*$/m.exec(stdout);
                if (m) {
                    resolve(m[1]);
                }
            });
            child.on("exit", (code) => reject(new Error(`the policy pack exited (${code}) before serving:\n${stderr}`)));
        });
        const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
        try {
            // Handshake first, as analyzer_plugin.go does; @pulumi/policy 1.21 does not implement it (the CLI falls back).
            await call<rpc.AnalyzerHandshakeResponse>((cb) => client.handshake(new rpc.AnalyzerHandshakeRequest().setEngineAddress("127.0.0.1:0").setRootDirectory(packDir).setProgramDirectory(packDir), cb)).catch(
                (err: grpc.ServiceError) => {
                    if (err.code !== grpc.status.UNIMPLEMENTED) {
                        throw err;
                    }
                },
            );
            const info = await call<rpc.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
            if (!info.getSupportsconfig() || info.getInitialconfigMap().getLength() > 0) {
                // reconcilePackConfig models neither a pack without config nor initial config.
                throw new Error("the pack must support config and declare no initial config");
            }
            const levels = new Map(info.getPoliciesList().map((p) => [p.getName(), levelNames[p.getEnforcementlevel()]]));
            return new PolicyServer(child, client, { name: info.getName(), version: info.getVersion(), levels }, () => stderr);
        } catch (err) {
            client.close();
            child.kill();
            throw err;
        }
    }

    /** What a preview with the pack reports: Analyze for each resource, then AnalyzeStack once. */
    async preview(req: PreviewRequest): Promise<Verdict[]> {
        try {
            return await this.analyze(req);
        } catch (err) {
            // A policy that throws ends the RPC; what the pack printed says why.
            throw new Error(`${(err as Error).message}\n${this.stderr()}`);
        }
    }

    private async analyze(req: PreviewRequest): Promise<Verdict[]> {
        const tags = new rpc.AnalyzerStackConfigureRequest().setProject(req.project).setStack(req.stack).setDryRun(true);
        req.tags?.forEach((v, k) => tags.getTagsMap().set(k, v));
        await call((cb) => this.client.configureStack(tags, cb));
        await call((cb) => this.client.configure(this.configureRequest(req.packConfig), cb));

        const byUrn = new Map(req.resources.map((r) => [r.urn, r]));
        const perResource = await Promise.all(
            req.resources.map(async (r) => {
                // step_generator.go analyzeAll: the resource's inputs; analyze_snapshot.go reports its diagnostics on the resource.
                const a = new rpc.AnalyzeRequest().setUrn(r.urn).setType(r.type).setName(r.name).setProperties(struct(r.wireInputs)).setOptions(options(r));
                a.setProvider(provider(r, byUrn));
                const resp = await call<rpc.AnalyzeResponse>((cb) => this.client.analyze(a, cb));
                return verdicts(resp, r.urn);
            }),
        );
        const stack = new rpc.AnalyzeStackRequest().setResourcesList(
            req.resources.map((r) => {
                // step_generator.go AnalyzeResources: the resource's outputs, with parent and dependencies.
                const s = new rpc.AnalyzerResource().setUrn(r.urn).setType(r.type).setName(r.name).setProperties(struct(r.wireOutputs)).setOptions(options(r));
                s.setProvider(provider(r, byUrn)).setParent(r.parent ?? "").setDependenciesList([...r.dependencies]);
                for (const [k, urns] of Object.entries(r.propertyDependencies)) {
                    // analyzer_plugin.go AnalyzeStack skips properties without dependencies.
                    if (urns.length > 0) {
                        s.getPropertydependenciesMap().set(k, new rpc.AnalyzerPropertyDependencies().setUrnsList([...urns]));
                    }
                }
                return s;
            }),
        );
        const resp = await call<rpc.AnalyzeResponse>((cb) => this.client.analyzeStack(stack, cb));
        return [...perResource.flat(), ...verdicts(resp)];
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            this.child.kill();
            await exited;
        }
    }

    /**
     * engine/update.go: ReconcilePolicyPackConfig starts each policy at the level GetAnalyzerInfo
     * reports, and Configure sends every reconciled entry ("all" included) with a level.
     */
    private configureRequest(config: ReconciledConfig): rpc.ConfigureAnalyzerRequest {
        const req = new rpc.ConfigureAnalyzerRequest();
        for (const [name, entry] of config) {
            const level = levelCodes.get(entry.enforcementLevel ?? this.info.levels.get(name) ?? "");
            if (level === undefined) {
                throw new Error(`invalid enforcement level "${entry.enforcementLevel ?? ""}" for ${name}`); // analyzer_plugin.go Configure
            }
            req.getPolicyconfigMap().set(name, new rpc.PolicyConfig().setEnforcementlevel(level).setProperties(Struct.fromJavaScript(entry.properties as Record<string, JavaScriptValue>)));
        }
        return req;
    }
}

/** Serialized property values as they are (unknown sentinels, secret envelopes); MarshalProperties drops top-level "__" keys. */
function struct(wire: Readonly<Record<string, unknown>>): Struct {
    return Struct.fromJavaScript(Object.fromEntries(Object.entries(wire).filter(([k]) => !k.startsWith("__"))) as Record<string, JavaScriptValue>);
}

/** analyzer_plugin.go marshalResourceOptions; the engine has no retainOnDelete to send. */
function options(r: RecordedResource): rpc.AnalyzerResourceOptions {
    const timeouts = new rpc.AnalyzerResourceOptions.CustomTimeouts()
        .setCreate(r.customTimeouts.createSeconds)
        .setUpdate(r.customTimeouts.updateSeconds)
        .setDelete(r.customTimeouts.deleteSeconds);
    return new rpc.AnalyzerResourceOptions()
        .setProtect(r.protect)
        .setIgnorechangesList([...r.ignoreChanges])
        .setDeletebeforereplace(r.deleteBeforeReplace ?? false)
        .setDeletebeforereplacedefined(r.deleteBeforeReplace !== undefined)
        .setAdditionalsecretoutputsList([...r.additionalSecretOutputs])
        .setAliasesList([...r.aliases])
        .setCustomtimeouts(timeouts)
        .setParent(r.parent ?? "");
}

/** The resource's provider with the provider's inputs (step_generator.go), when the program gave one. */
function provider(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): rpc.AnalyzerProviderResource | undefined {
    const p = r.provider ? byUrn.get(r.provider) : undefined;
    return p && new rpc.AnalyzerProviderResource().setUrn(p.urn).setType(p.type).setName(p.name).setProperties(struct(p.wireInputs));
}

function verdicts(resp: rpc.AnalyzeResponse, resourceUrn?: string): Verdict[] {
    return resp.getDiagnosticsList().map((d) => {
        const level = levelNames[d.getEnforcementlevel()];
        if (level !== "advisory" && level !== "mandatory" && level !== "remediate") {
            throw new Error(`${d.getPolicyname()} reported at level ${level}`);
        }
        const urn = d.getUrn() || resourceUrn;
        // The engine reports a violation of a remediate policy as mandatory (analyze_snapshot.go).
        return { policy: d.getPolicyname(), level: level === "advisory" ? "advisory" : "mandatory", ...(urn ? { urn } : {}), message: d.getMessage() };
    });
}

function call<T = unknown>(start: (cb: (err: grpc.ServiceError | null, resp: T) => void) => unknown): Promise<T> {
    return new Promise((resolve, reject) => start((err, resp) => (err ? reject(err) : resolve(resp))));
}
