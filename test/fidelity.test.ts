import * as assert from "assert";
import { readdirSync } from "fs";
import * as path from "path";
import { Cloud } from "../components/shared/context";
import { analyze, Violation } from "../tools/offline/analyzer";
import { loadPackConfigFile, reconcilePackConfig } from "../tools/offline/pack-config";
import { pack } from "../tools/offline/plan";
import { runProgram } from "./support/run";
import { violatingPrograms } from "./support/fidelity-fixtures";
import { sharedPlan } from "./support/plans";
import { PolicyServer, Verdict } from "./support/policy-server";
import { projectRoot } from "../tools/offline/project-root";

// The offline plan claims to give the verdicts `pulumi preview --policy-pack policy` gives. This
// holds it to that: the pack is started as the CLI starts it and asked over gRPC as the engine asks
// it (support/policy-server.ts), given what the offline preview recorded, and must answer exactly
// what the offline analyzer answered.

const root = projectRoot;
const packConfigOf = (file: string) => reconcilePackConfig(pack.policies, loadPackConfigFile(path.resolve(root, file)));
const tagsOf = (project: string) => new Map([["pulumi:project", project], ["pulumi:runtime", "nodejs"]]);

describe("fidelity: the policy pack under the CLI's protocol agrees with the offline plan", function () {
    let server: PolicyServer;
    // Started while mocha loads this file, so the pack's start-up (ts-node type-checks the whole pack
    // before it serves, several seconds) runs beside the tests before this one.
    const starting = PolicyServer.start();
    starting.catch(() => undefined); // reported by the before hook that awaits it

    before(async function () {
        this.timeout(180000);
        server = await starting;
    });
    after(async () => {
        await server?.stop();
    });

    it("serves the pack the offline plan evaluates: same name, version, policies and levels", () => {
        assert.deepStrictEqual([server.info.name, server.info.version], [pack.name, pack.version]);
        assert.deepStrictEqual(
            [...server.info.levels].sort(),
            pack.policies.map((p) => [p.name, p.enforcementLevel ?? pack.enforcementLevel]).sort(),
        );
    });

    const stacks: { label: string; stack: string; configFile?: string }[] = [
        ...readdirSync(path.join(root, "examples"))
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => ({ label: `examples/${f}`, stack: /-(\w+)\.yaml$/.exec(f)![1], configFile: path.join(root, "examples", f) })),
        { label: "Pulumi.dev.yaml", stack: "dev" },
        { label: "Pulumi.prod.yaml", stack: "prod" },
    ];
    for (const { label, stack, configFile } of stacks) {
        it(`${label}: the same verdicts`, async () => {
            const r = await sharedPlan({ stack, configFile });
            const cli = await server.preview({ project: r.project, stack: r.stack, resources: r.resources, packConfig: packConfigOf(r.policyPackConfig), tags: tagsOf(r.project) });
            assertSameVerdicts(label, cli, r.analysis.violations);
        });
    }

    for (const cloud of Object.keys(violatingPrograms) as Cloud[]) {
        it(`${cloud}: a violating program gets the same mandatory violations and "can't run" advisories`, async () => {
            const { resources } = await runProgram({ project: "fixture", stack: "prod", program: violatingPrograms[cloud] });
            const config = "policy/config/prod.json";
            // As plan() calls it.
            const offline = await analyze(resources, pack, packConfigOf(config), tagsOf("fixture"));
            const cli = await server.preview({ project: "fixture", stack: "prod", resources, packConfig: packConfigOf(config), tags: tagsOf("fixture") });
            assertSameVerdicts(`${cloud} fixture`, cli, offline.violations);
            assert.ok(cli.some((v) => v.level === "mandatory"), "a mandatory violation");
            assert.ok(cli.some((v) => v.level === "advisory" && /^can't run policy '.*' during preview: /.test(v.message)), "a \"can't run\" advisory");
        });
    }
});

function assertSameVerdicts(label: string, cli: readonly Verdict[], offline: readonly Violation[]): void {
    const key = (v: Verdict) => JSON.stringify([v.policy, v.level, v.urn ?? "", v.message]);
    const cliKeys = cli.map(key).sort();
    const offlineKeys = offline.map(({ policy, level, urn, message }) => key({ policy, level, urn, message })).sort();
    if (JSON.stringify(cliKeys) === JSON.stringify(offlineKeys)) {
        return;
    }
    // Multiset differences, one verdict per entry, so a long list shows what differs and nothing else.
    const minus = (a: string[], b: string[]) => {
        const rest = [...b];
        return a.filter((k) => {
            const at = rest.indexOf(k);
            return at < 0 || (rest.splice(at, 1), false);
        });
    };
    const show = (keys: string[]) =>
        keys.map((k) => {
            const [policy, level, urn, message] = JSON.parse(k) as string[];
            return `    ${level} ${policy} on ${urn || "(the stack)"}\n      ${message.replace(/\n/g, "\n      ")}`;
        });
    const onlyCli = minus(cliKeys, offlineKeys);
    const onlyOffline = minus(offlineKeys, cliKeys);
    throw new assert.AssertionError({
        message: [
            `${label}: the pack under the CLI's protocol and the offline plan disagree`,
            `  only under the CLI (${onlyCli.length}):`,
            ...show(onlyCli),
            `  only offline (${onlyOffline.length}):`,
            ...show(onlyOffline),
        ].join("\n"),
    });
}
