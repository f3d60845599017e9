import { PolicyResource } from "@pulumi/policy";
import * as assert from "assert";
import { azureStream } from "../../policy/lib/azure-stream";
import { ResourceIndex } from "../../policy/lib/resource-index";
import { RecordedResource } from "../../tools/offline/types";
import { evaluateFixture, FixtureResult, streamPolicyNames } from "../support/fixtures";
import { assertCantRun } from "./azure-preview";
import { eventHubs, urnOf } from "./azure-stream-fixture";

// Every stream policy, and the storage policies that also judge streams, against a violating and a
// compliant Event Hubs setup, through the same offline preview and analyzer as `npm run plan`: small
// programs with the real azure-native classes.

const streamPolicies = [...streamPolicyNames, "storage-encryption-cmk", "data-retained-on-delete"];

const namespaceUrn = (r: FixtureResult) => urnOf(r, "Namespace", "events");

describe("Stream policies on Azure (Event Hubs)", () => {
    it("a compliant pair of namespaces with a captured topic and its dead-letter topic passes every stream policy, and each ran", async () => {
        const r = await evaluateFixture(() => eventHubs());
        assert.deepStrictEqual(r.violations.filter((v) => streamPolicies.includes(v.policy)), []);
        for (const policy of streamPolicies) {
            assert.ok(r.evaluated.includes(policy), `${policy} ran`);
        }
    });

    it("judges the same under the CLI's view (retainOnDelete withheld, unknown values proxied): no stream policy reads a value the preview does not know", async () => {
        const r = await evaluateFixture(() => eventHubs(), { asCli: true });
        assert.deepStrictEqual(r.violations.filter((v) => streamPolicies.includes(v.policy)), []);
        const flawed = await evaluateFixture(() => eventHubs({ minimumTlsVersion: "1.0", disableLocalAuth: false, pairing: "none" }), { asCli: true });
        assert.deepStrictEqual(flawed.violations.filter((v) => streamPolicies.includes(v.policy)).map((v) => v.policy).sort(), [
            "stream-authenticated-access",
            "stream-cross-region-replication",
            "stream-encryption-in-transit",
        ]);
    });

    describe("stream-encryption-in-transit", () => {
        it("flags a namespace accepting TLS 1.0 or 1.1", async () => {
            for (const minimumTlsVersion of ["1.0", "1.1"]) {
                const r = await evaluateFixture(() => eventHubs({ minimumTlsVersion, pairing: "none" }));
                const [v] = r.of("stream-encryption-in-transit");
                assert.deepStrictEqual([v?.urn, v?.level], [namespaceUrn(r), "mandatory"], minimumTlsVersion);
                assert.match(v.message, /"events": TLS older than 1\.2 is accepted\.$/);
                assert.doesNotMatch(v.detail, /plaintext/, "Event Hubs never accepts plaintext");
            }
        });
        it("cannot judge a namespace that leaves the minimum out on a first preview (Event Hubs then accepts 1.0; the platform states 1.2)", async () => {
            assertCantRun(await evaluateFixture(() => eventHubs({ minimumTlsVersion: "unset", pairing: "none" })), "stream-encryption-in-transit", ".minimumTlsVersion");
        });
        it("passes TLS 1.2, and holds it to 1.3 when the policy asks for that", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs())).of("stream-encryption-in-transit"), []);
            const strict = await evaluateFixture(() => eventHubs({ pairing: "none" }), { policyConfig: { "stream-encryption-in-transit": { minTlsVersion: "1.3" } } });
            assert.match(strict.of("stream-encryption-in-transit")[0].message, /TLS older than 1\.3 is accepted/);
        });
    });

    describe("stream-retention", () => {
        it("flags topics kept less than minRetentionHours: set in hours, in legacy days, or left at Event Hubs' one-day default", async () => {
            const r = await evaluateFixture(() =>
                eventHubs({
                    topics: [
                        { name: "short", retention: 72 },
                        { name: "short.dlq", retention: 336 },
                        { name: "days", retention: "days:3" },
                        { name: "days.dlq", retention: 336 },
                        { name: "default", retention: "unset" },
                        { name: "default.dlq", retention: 336 },
                    ],
                }),
            );
            const violations = r.of("stream-retention");
            assert.deepStrictEqual(violations.map((v) => v.urn).sort(), [urnOf(r, "EventHub", "short"), urnOf(r, "EventHub", "days"), urnOf(r, "EventHub", "default")].sort());
            assert.match(violations.find((v) => v.urn === urnOf(r, "EventHub", "short"))!.message, /\(short\) keeps messages 72 hours \(at least 168 required\)\./);
            assert.match(violations.find((v) => v.urn === urnOf(r, "EventHub", "days"))!.message, /keeps messages 72 hours/);
            assert.match(violations.find((v) => v.urn === urnOf(r, "EventHub", "default"))!.message, /keeps messages 24 hours/);
        });
        it("passes topics kept long enough, and compacted ones (kept until superseded)", async () => {
            const r = await evaluateFixture(() => eventHubs({ topics: [{ name: "orders", retention: 168 }, { name: "orders.dlq", retention: "compact" }] }));
            assert.deepStrictEqual(r.of("stream-retention"), []);
            const dev = await evaluateFixture(() => eventHubs({ topics: [{ name: "t", retention: 24 }, { name: "t.dlq", retention: 48 }] }), { policyConfig: { "stream-retention": { minRetentionHours: 24 } } });
            assert.deepStrictEqual(dev.of("stream-retention"), []);
        });
    });

    describe("stream-dead-letter-topics", () => {
        it("flags a topic without a .dlq event hub in its namespace, and a .dlq kept shorter than its topic", async () => {
            const r = await evaluateFixture(() =>
                eventHubs({
                    topics: [
                        { name: "orphan", retention: 168 },
                        { name: "orders", retention: 336 },
                        { name: "orders.dlq", retention: 168 },
                    ],
                }),
            );
            const violations = r.of("stream-dead-letter-topics");
            assert.strictEqual(violations.length, 2);
            const orphan = violations.find((v) => v.urn === urnOf(r, "EventHub", "orphan"))!;
            assert.match(orphan.message, /\(orphan\) has no dead-letter topic orphan\.dlq\./);
            const short = violations.find((v) => v.urn === urnOf(r, "EventHub", "orders.dlq"))!;
            assert.match(short.message, /\(orders\.dlq\) keeps messages 168 hours, less than its topic's 336\./);
        });
        it("passes every topic with a .dlq kept as long or longer, found through the namespace the event hubs are built from", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs())).of("stream-dead-letter-topics"), []);
        });
    });

    describe("stream-replication-durability", () => {
        // Event Hubs has no replication setting a program could lower: every namespace keeps three replicas
        // and acknowledges once they are written, so no Event Hubs resource can violate this rule. What can
        // break is the adapter's answer; it is checked directly, then through the rule at any threshold.
        it("the adapter reports the namespace's and each event hub's durability as managed by the service", async () => {
            const r = await evaluateFixture(() => eventHubs({ pairing: "none" }));
            const index = new ResourceIndex(asPolicyResources(r.resources));
            const streams = azureStream.streams(index);
            assert.deepStrictEqual(streams.map((s) => [s.resource.urn, s.defaultReplicationFactor(), s.minInSyncReplicas()]), [[namespaceUrn(r), "managed", "managed"]]);
            const topics = azureStream.topics(index);
            assert.deepStrictEqual(topics.map((t) => [t.name(), t.replicationFactor(), t.stream()?.urn]), [
                ["orders", "managed", namespaceUrn(r)],
                ["orders.dlq", "managed", namespaceUrn(r)],
            ]);
        });
        it("so the rule passes Event Hubs at prod's 3/2 and at any higher threshold", async () => {
            for (const [minReplicationFactor, minInSyncReplicas] of [[3, 2], [7, 7]]) {
                const r = await evaluateFixture(() => eventHubs(), { policyConfig: { "stream-replication-durability": { minReplicationFactor, minInSyncReplicas } } });
                assert.ok(r.evaluated.includes("stream-replication-durability"));
                assert.deepStrictEqual(r.of("stream-replication-durability"), []);
            }
        });
    });

    describe("stream-private-access", () => {
        it("flags public network access enabled, left at the SDK's default (Enabled), or enabled by a network rule set", async () => {
            for (const spec of [{ publicNetworkAccess: "Enabled" }, { publicNetworkAccess: "unset" }, { networkRuleSet: "Enabled" }] as const) {
                const r = await evaluateFixture(() => eventHubs({ ...spec, pairing: "none" }));
                const [v] = r.of("stream-private-access");
                assert.strictEqual(v?.urn, namespaceUrn(r), JSON.stringify(spec));
                assert.match(v.message, /"events" accepts connections from public networks\.$/);
            }
        });
        it("passes public access disabled (reached through private endpoints) or left to a network security perimeter", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs())).of("stream-private-access"), []);
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs({ publicNetworkAccess: "SecuredByPerimeter", pairing: "none" }))).of("stream-private-access"), []);
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs({ networkRuleSet: "Disabled", pairing: "none" }))).of("stream-private-access"), []);
        });
    });

    describe("stream-authenticated-access", () => {
        it("flags SAS left on and SAS authorization rules on the namespace or an event hub, named by resource name", async () => {
            const r = await evaluateFixture(() => eventHubs({ disableLocalAuth: false, pairing: "none" }));
            const [v] = r.of("stream-authenticated-access");
            assert.strictEqual(v?.urn, namespaceUrn(r));
            assert.match(v.message, /"events" lets clients in without the cloud's identity: SAS keys \(disableLocalAuth is not true\)\.$/);
            const rules = await evaluateFixture(() => eventHubs({ sasRules: true, pairing: "none" }));
            assert.match(rules.of("stream-authenticated-access")[0].message, /without the cloud's identity: SAS authorization rule listen-all, SAS authorization rule send-orders\.$/);
        });
        it("cannot judge local authentication left out on a first preview (SAS stays on; the platform disables it)", async () => {
            assertCantRun(await evaluateFixture(() => eventHubs({ disableLocalAuth: "unset", pairing: "none" })), "stream-authenticated-access", ".disableLocalAuth");
        });
        it("passes Microsoft Entra ID only", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs())).of("stream-authenticated-access"), []);
        });
    });

    describe("stream-cross-region-replication", () => {
        it("flags a namespace with no pairing, one paired without its events leaving the region (Geo-DR copies metadata only), and one paired in its own region", async () => {
            const cases = [
                { spec: { pairing: "none" }, partnerFlagged: false },
                // The partner then holds no copy of the events either, so it is no replica: both are flagged.
                { spec: { topics: [{ name: "orders", capture: "off" }, { name: "orders.dlq", retention: 336 }] }, partnerFlagged: true },
                { spec: { pairing: "same-region" }, partnerFlagged: false },
            ] as const;
            for (const { spec, partnerFlagged } of cases) {
                const r = await evaluateFixture(() => eventHubs(spec));
                const violations = r.of("stream-cross-region-replication");
                const expected = [namespaceUrn(r), ...(partnerFlagged ? [urnOf(r, "Namespace", "events-replica")] : [])];
                assert.deepStrictEqual(violations.map((v) => v.urn).sort(), expected.sort(), JSON.stringify(spec));
                assert.match(violations.find((v) => v.urn === namespaceUrn(r))!.message, /"events" is not replicated to another region\.$/);
            }
        });
        it("cannot match a partner named by id as text on a first preview: the namespaces' `name` outputs are unknown until they exist", async () => {
            assertCantRun(await evaluateFixture(() => eventHubs({ pairing: "partner-as-text" })), "stream-cross-region-replication", ".name");
        });
        it("passes a namespace paired with one in another region whose events are all captured (into an account named by id or of the program), and does not ask the copy to be copied", async () => {
            for (const capture of ["text", "program"] as const) {
                const r = await evaluateFixture(() => eventHubs({ topics: [{ name: "orders", capture }, { name: "orders.dlq", retention: 336, capture }] }));
                assert.deepStrictEqual(r.of("stream-cross-region-replication"), [], capture);
            }
        });
    });

    describe("storage-encryption-cmk (on the namespace)", () => {
        it("flags a namespace encrypted with Microsoft-managed keys", async () => {
            const r = await evaluateFixture(() => eventHubs({ cmk: "none", pairing: "none" }));
            const [v] = r.of("storage-encryption-cmk");
            assert.deepStrictEqual([v?.urn, v?.level], [namespaceUrn(r), "mandatory"]);
            assert.match(v.message, /"events" \(Event Hubs namespace\) is encrypted with a cloud-managed key, not a customer-managed one\./);
        });
        it("passes a Key Vault key of the program, whose URI (and so the whole encryption setting) is unknown during the preview, and a key named as text", async () => {
            const program = await evaluateFixture(() => eventHubs());
            assert.deepStrictEqual(program.of("storage-encryption-cmk"), []);
            assert.deepStrictEqual(program.violations.filter((v) => v.message.includes("can't run")), [], "no policy reads the unknown encryption");
            assert.strictEqual(program.resources.find((x) => x.urn === namespaceUrn(program))!.inputs.encryption, "[unknown]");
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs({ cmk: "text" }))).of("storage-encryption-cmk"), []);
        });
        it("reports, as the CLI does, that it cannot run when the encryption setting is unknown and names no Key Vault key of the program", async () => {
            const r = await evaluateFixture(() => eventHubs({ cmk: "unknown-text", pairing: "none" }));
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-encryption-cmk' .* during preview: .*\.encryption/);
        });
    });

    describe("data-retained-on-delete (on the namespace and its event hubs)", () => {
        it("flags a namespace and event hubs that would be deleted, with their events, when they leave the program", async () => {
            const r = await evaluateFixture(() => eventHubs({ pairing: "none", opts: { retainOnDelete: false } }));
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.urn).sort(), [namespaceUrn(r), urnOf(r, "EventHub", "orders"), urnOf(r, "EventHub", "orders.dlq")].sort());
            assert.match(r.of("data-retained-on-delete").find((v) => v.urn === namespaceUrn(r))!.message, /azure-native:eventhub:Namespace "events" would be deleted, with its data, when it leaves the program; set retainOnDelete\./);
        });
        it("passes them with retainOnDelete or protect", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs())).of("data-retained-on-delete"), []);
            assert.deepStrictEqual((await evaluateFixture(() => eventHubs({ pairing: "none", opts: { retainOnDelete: false, protect: true } }))).of("data-retained-on-delete"), []);
        });
    });
});

/** The recorded resources as a policy pack sees them (inputs as props, dependencies as resources). */
function asPolicyResources(recorded: readonly RecordedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const list = recorded.map((r) => {
        const resource = { type: r.type, name: r.name, urn: r.urn, props: r.inputs, dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
        byUrn.set(r.urn, resource);
        return resource;
    });
    recorded.forEach((r, i) => {
        const target = list[i] as unknown as { propertyDependencies: Record<string, PolicyResource[]>; provider?: PolicyResource };
        for (const [property, urns] of Object.entries(r.propertyDependencies)) {
            target.propertyDependencies[property] = urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
        }
        if (r.provider) {
            target.provider = byUrn.get(r.provider);
        }
    });
    return list;
}
