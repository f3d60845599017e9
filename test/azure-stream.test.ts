import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { builtInRoles } from "../components/shared/azure-roles";
import { CloudPrincipal } from "../components/shared/grants";
import { entraCallbackHandler } from "../components/stream/azure-limits";
import { rolesFor } from "../components/stream/azure-grant";
import { processingUnitsFor, streamRecoveryPointMeasure } from "../components/stream/azure-limits";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { invokes, offlineAccount } from "../tools/offline/invokes";
import { PlanResult } from "../tools/offline/plan";
import { runProgram } from "./support/run";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig } from "./support/config";
import { assertCleanPlan, ofType, one, planFor, providerOf, stackConfig, withType } from "./support/stack";

// Issue #5 on Azure: Kafka-compatible streams on Event Hubs, through the same offline preview as
// `npm run plan`, plus a run in update mode for what a preview cannot see (the key URIs, identity ids).

const ns = "ai-data-platform";
const T = {
    namespace: "azure-native:eventhub:Namespace",
    hub: "azure-native:eventhub:EventHub",
    pairing: "azure-native:eventhub:DisasterRecoveryConfig",
    endpoint: "azure-native:network:PrivateEndpoint",
    zoneGroup: "azure-native:network:PrivateDnsZoneGroup",
    zone: "azure-native:privatedns:PrivateZone",
    subnet: "azure-native:network:Subnet",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    role: "azure-native:authorization:RoleAssignment",
    key: "azure-native:keyvault:Key",
    account: "azure-native:storage:StorageAccount",
    group: "azure-native:resources:ResourceGroup",
};

const sub = offlineAccount.azureSubscriptionId;
const deps = (x: RecordedResource, property: string) => x.propertyDependencies[property] ?? [];
const roleId = (assignment: RecordedResource) => String(assignment.inputs.roleDefinitionId).split("/").pop();
const hubsOf = (r: PlanResult) => Object.fromEntries(ofType(r, T.hub).map((h) => [h.name, h]));
/** `x` is created after the grants have had time to apply: it depends on one Sleep that depends on each of them. */
const waitsFor = (r: { resources: RecordedResource[] }, x: RecordedResource, ...grants: RecordedResource[]) =>
    ofType(r, "time:index/sleep:Sleep").some((sleep) => x.dependencies.includes(sleep.urn) && grants.every((g) => sleep.dependencies.includes(g.urn)));

// Values no default has, so a test sees them come from the config.
const stream = {
    topics: [
        { name: "orders", partitions: 12, retentionHours: 240 },
        { name: "clicks", partitions: 2, retentionHours: 168 },
    ],
    dlqRetentionHours: 720,
};

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("azure", overrides, environment);

describe("Azure event streams (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    let devArchive: PlanResult;
    let devCopy: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("azure", "prod", { [`${ns}:stream`]: stream }));
        dev = await planFor(stackConfig("azure", "dev"));
        devArchive = await planFor(stackConfig("azure", "dev", { [`${ns}:stream`]: { archiveToLake: true } }));
        devCopy = await planFor(stackConfig("azure", "dev", { [`${ns}:stream`]: { archiveToLake: true, replicateToBackupRegion: true } }));
    });

    it("prod with its own topics, and dev with and without archive and copy, pass their environment's policy config with no violation at all", () => {
        assertCleanPlan(prod, "azure", "prod");
        for (const r of [dev, devArchive, devCopy]) {
            assertCleanPlan(r, "azure", "dev");
        }
    });

    describe("topics", () => {
        it("makes one event hub per topic and per dead-letter topic, with the configured partitions and retention, in the namespace", () => {
            const namespace = one(prod, T.namespace, "streams");
            const hubs = hubsOf(prod);
            assert.deepStrictEqual(Object.keys(hubs).sort(), ["clicks", "clicks.dlq", "orders", "orders.dlq"]);
            const expected: Record<string, [number, number]> = { orders: [12, 240], "orders.dlq": [12, 720], clicks: [2, 168], "clicks.dlq": [2, 720] };
            for (const [name, [partitions, hours]] of Object.entries(expected)) {
                const h = hubs[name];
                assert.deepStrictEqual(
                    [h.inputs.eventHubName, h.inputs.partitionCount, h.inputs.retentionDescription, h.inputs.messageRetentionInDays],
                    [name, partitions, { cleanupPolicy: "Delete", retentionTimeInHours: hours }, undefined],
                    name,
                );
                assert.deepStrictEqual(deps(h, "namespaceName"), [namespace.urn]);
                assert.strictEqual(h.parent, namespace.urn);
                assert.strictEqual(h.inputs.resourceGroupName, "adp-test-stream-eastus2");
            }
            assert.deepStrictEqual([prod.outputs.topics, prod.outputs.deadLetterTopics], [["orders", "clicks"], { orders: "orders.dlq", clicks: "clicks.dlq" }]);
        });

        it("keeps the default topic a week and its dead-letter topic two", () => {
            const hubs = hubsOf(dev);
            assert.deepStrictEqual(
                Object.values(hubs).map((h) => [h.name, h.inputs.partitionCount, (h.inputs.retentionDescription as any).retentionTimeInHours]),
                [["raw-events", 3, 168], ["raw-events.dlq", 3, 336]],
            );
        });
    });

    describe("namespace", () => {
        it("is a Premium namespace, sized to its partitions, with the Kafka endpoint, TLS 1.2 or newer, Entra ID only and zone redundancy", () => {
            for (const r of [prod, dev]) {
                const n = one(r, T.namespace, "streams").inputs;
                assert.deepStrictEqual(
                    [n.sku, n.kafkaEnabled, n.minimumTlsVersion, n.disableLocalAuth, n.zoneRedundant, n.location],
                    [{ name: "Premium", tier: "Premium", capacity: 1 }, true, "1.2", true, true, "eastus2"],
                );
                assert.match(String(n.namespaceName), /^adp-test-stream-[0-9a-f]{8}$/);
            }
            // 200 partitions per processing unit, in steps of 1, 2, 4, 8, 16.
            assert.deepStrictEqual([6, 200, 201, 600, 3200, 3201].map(processingUnitsFor), [1, 1, 2, 4, 16, undefined]);
        });

        it("is encrypted with the primary region's Key Vault key through a user-assigned identity that holds Crypto Service Encryption User on that key before the namespace exists", () => {
            const namespace = one(prod, T.namespace, "streams");
            const key = one(prod, T.key, "primary");
            const identity = one(prod, T.identity, "streams-cmk");
            // The key's URI is computed by Azure, so the whole setting is unknown in a preview: the dependency says which key.
            assert.strictEqual(namespace.inputs.encryption, "[unknown]");
            assert.ok(deps(namespace, "encryption").includes(key.urn) && deps(namespace, "encryption").includes(identity.urn));
            assert.ok(deps(namespace, "identity").includes(identity.urn));
            const grant = one(prod, T.role, "streams-cmk-key-user");
            assert.strictEqual(roleId(grant), builtInRoles.keyVaultCryptoServiceEncryptionUser);
            assert.deepStrictEqual([deps(grant, "scope"), deps(grant, "principalId"), grant.inputs.principalType], [[key.urn], [identity.urn], "ServicePrincipal"]);
            assert.ok(waitsFor(prod, namespace, grant), "the role has applied before the namespace is encrypted");
            assert.strictEqual(identity.inputs.location, "eastus2");
        });

        it("prod: turns public access off and reaches each namespace through a private endpoint in the endpoint subnet, registered in privatelink.servicebus.windows.net", () => {
            const subnet = one(prod, T.subnet, "endpoints");
            const zone = ofType(prod, T.zone).find((z) => z.inputs.privateZoneName === "privatelink.servicebus.windows.net")!;
            for (const name of ["streams", "streams-replica"]) {
                const namespace = one(prod, T.namespace, name);
                assert.strictEqual(namespace.inputs.publicNetworkAccess, "Disabled", name);
                const endpoint = one(prod, T.endpoint, name);
                assert.deepStrictEqual(deps(endpoint, "subnet"), [subnet.urn]);
                assert.deepStrictEqual(deps(endpoint, "privateLinkServiceConnections"), [namespace.urn]);
                assert.deepStrictEqual((endpoint.inputs.privateLinkServiceConnections as any[]).map((c) => c.groupIds), [["namespace"]]);
                assert.strictEqual(endpoint.inputs.location, "eastus2", "in the VNet's region, wherever the namespace is");
                const zoneGroup = one(prod, T.zoneGroup, name);
                assert.deepStrictEqual(deps(zoneGroup, "privateDnsZoneConfigs"), [zone.urn]);
                assert.ok(deps(zoneGroup, "privateEndpointName").includes(endpoint.urn));
                assert.ok(endpoint.retainOnDelete && zoneGroup.retainOnDelete, "kept with the namespace, which takes no public traffic");
            }
        });

        it("dev: keeps the public endpoint (still TLS and Entra ID only) and makes no private endpoint", () => {
            for (const r of [dev, devCopy]) {
                for (const n of ofType(r, T.namespace)) {
                    assert.strictEqual(n.inputs.publicNetworkAccess, "Enabled");
                    assert.strictEqual(n.inputs.disableLocalAuth, true);
                }
                // The streams' own; the feature store's private endpoint is another capability's.
                const streams = (type: string) => ofType(r, type).filter((x) => !x.name.startsWith("feature-store"));
                assert.deepStrictEqual([streams(T.endpoint), streams(T.zoneGroup)], [[], []]);
            }
        });

        it("retains the namespaces, event hubs, their group and their private endpoints in prod, not the pairing; dev retains nothing", () => {
            const retained = (r: PlanResult, type: string, name: string) => one(r, type, name).retainOnDelete;
            const data = [[T.namespace, "streams"], [T.namespace, "streams-replica"], [T.hub, "orders"], [T.hub, "orders.dlq"], [T.group, "streams"], [T.group, "streams-replica"]];
            // A kept namespace is reached only through its private endpoints: they, their DNS records, and
            // the VNet, subnet and zone these sit in stay with it (a cloud swap would otherwise strand it).
            const network = [[T.endpoint, "streams"], [T.endpoint, "streams-replica"], [T.zoneGroup, "streams"], [T.zoneGroup, "streams-replica"]];
            for (const [type, name] of network) {
                assert.strictEqual(retained(prod, type, name), true, `${type} ${name}`);
            }
            const endpoint = one(prod, T.endpoint, "streams");
            const subnet = withType(prod, deps(endpoint, "subnet"), "azure-native:network:Subnet")[0];
            assert.strictEqual(subnet.retainOnDelete, true, "the endpoint subnet");
            const vnet = withType(prod, deps(subnet, "virtualNetworkName"), "azure-native:network:VirtualNetwork")[0];
            assert.strictEqual(vnet.retainOnDelete, true, "its VNet");
            const zone = withType(prod, deps(one(prod, T.zoneGroup, "streams"), "privateDnsZoneConfigs"), T.zone)[0];
            assert.strictEqual(zone.retainOnDelete, true, "the privatelink zone holding its records");
            for (const [type, name] of data) {
                assert.strictEqual(retained(prod, type, name), true, `${type} ${name}`);
                assert.strictEqual(retained(devCopy, type, name.replace("orders", "raw-events")), false, `dev ${type} ${name}`);
            }
            for (const [type, name] of [[T.pairing, "streams-geo-dr"]]) {
                assert.strictEqual(retained(prod, type, name), false, `${type} ${name}`);
            }
        });
    });

    describe("archive to the lake", () => {
        it("captures every topic and dead-letter topic into the lake's container as Avro, by date, signed in as an identity that may write blobs there", () => {
            for (const r of [prod, devArchive]) {
                const lake = one(r, T.account, "lake");
                const lakeId = `/subscriptions/${sub}/resourceGroups/${lake.inputs.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${lake.inputs.accountName}`;
                const identity = one(r, T.identity, "streams-capture");
                const writer = one(r, T.role, "streams-capture-lake-writer");
                const deployer = one(r, T.role, "streams-capture-deployer-writer");
                const container = one(r, "azure-native:storage:BlobContainer", "lake");
                // Both at the account scope, as Microsoft's Capture prerequisites name it; the deployer's because
                // Event Hubs checks the caller's own blob write rights when Capture is turned on or changed.
                assert.deepStrictEqual([roleId(writer), writer.inputs.scope, deps(writer, "principalId")], [builtInRoles.storageBlobDataContributor, lakeId, [identity.urn]]);
                assert.deepStrictEqual(
                    [roleId(deployer), deployer.inputs.scope, deployer.inputs.principalId, deployer.inputs.principalType],
                    [builtInRoles.storageBlobDataContributor, lakeId, offlineAccount.azureObjectId, "User"],
                );
                // The writer keeps a retained namespace capturing; the deployer's right serves only its own calls.
                assert.deepStrictEqual([writer.retainOnDelete, deployer.retainOnDelete], [r === prod, false]);
                assert.ok(deps(one(r, T.namespace, "streams"), "identity").includes(identity.urn), "the namespace acts as the capture identity");
                for (const hub of ofType(r, T.hub)) {
                    const capture = hub.inputs.captureDescription as any;
                    assert.deepStrictEqual(
                        [capture.enabled, capture.encoding, capture.intervalInSeconds, capture.sizeLimitInBytes, capture.skipEmptyArchives],
                        [true, "Avro", 300, 300 * 1024 * 1024, true],
                        hub.name,
                    );
                    assert.deepStrictEqual(
                        [capture.destination.name, capture.destination.storageAccountResourceId, capture.destination.blobContainer, capture.destination.archiveNameFormat, capture.destination.identity.type],
                        ["EventHubArchive.AzureBlockBlob", lakeId, "lake", "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}", "UserAssigned"],
                    );
                    assert.ok(deps(hub, "captureDescription").includes(identity.urn) && deps(hub, "captureDescription").includes(lake.urn));
                    assert.ok(waitsFor(r, hub, writer, deployer), "both grants have applied before Capture is turned on");
                    assert.ok(deps(hub, "captureDescription").includes(container.urn), "Capture's destination container exists first");
                }
                // ARM refuses a role assignment on a scope that does not exist yet.
                assert.ok(deps(writer, "scope").includes(container.urn), "the grant waits for the lake and its container");
            }
        });

        it("is off by default in dev: no capture, no capture identity", () => {
            assert.deepStrictEqual(ofType(dev, T.hub).map((h) => h.inputs.captureDescription), [undefined, undefined]);
            assert.deepStrictEqual(ofType(dev, T.identity).filter((i) => i.name === "streams-capture"), []);
        });
    });

    describe("copy to the backup region", () => {
        it("pairs the namespace (Geo-DR) with one in the backup region that has the same protections and the backup region's key, and points clients at the alias", () => {
            for (const [r, env] of [[prod, "prod"], [devCopy, "dev"]] as const) {
                const primary = one(r, T.namespace, "streams");
                const partner = one(r, T.namespace, "streams-replica");
                const pairing = one(r, T.pairing, "streams-geo-dr");
                const namespaces = (property: string) => deps(pairing, property).filter((u) => u.includes(T.namespace));
                assert.deepStrictEqual([namespaces("namespaceName"), namespaces("partnerNamespace")], [[primary.urn], [partner.urn]]);
                const alias = String(pairing.inputs.alias);
                assert.match(alias, /^adp-test-events-[0-9a-f]{8}$/);
                assert.strictEqual(providerOf(r, partner)?.inputs.location, "centralus");
                const same = (n: RecordedResource) => [n.inputs.sku, n.inputs.kafkaEnabled, n.inputs.minimumTlsVersion, n.inputs.disableLocalAuth, n.inputs.publicNetworkAccess];
                assert.deepStrictEqual(same(partner), same(primary), env);
                assert.deepStrictEqual([partner.inputs.location, partner.inputs.resourceGroupName], ["centralus", "adp-test-stream-centralus"]);
                assert.ok(deps(partner, "encryption").includes(one(r, T.key, "backup").urn), "the backup region's key");
                assert.ok(deps(partner, "encryption").includes(one(r, T.identity, "streams-replica-cmk").urn));
                assert.strictEqual(one(r, T.role, "streams-replica-cmk-key-user").inputs.principalType, "ServicePrincipal");
                assert.deepStrictEqual(ofType(r, T.hub).filter((h) => deps(h, "namespaceName").includes(partner.urn)), [], "Geo-DR pairs only an empty partner; it copies the event hubs itself");
                assert.ok(deps(partner, "identity").includes(one(r, T.identity, "streams-capture").urn), "Capture keeps working after a failover");
                assert.strictEqual(r.outputs.streamBootstrapServers, `${alias}.servicebus.windows.net:9093`);
                assert.strictEqual(r.outputs.streamReplicaBootstrapServers, `${partner.inputs.namespaceName}.servicebus.windows.net:9093`);
            }
            // Both namespaces must have a private endpoint before they are paired.
            const pairing = one(prod, T.pairing, "streams-geo-dr");
            assert.ok(["streams", "streams-replica"].every((n) => pairing.dependencies.includes(one(prod, T.endpoint, n).urn)));
            // Capture's 5-minute window plus the lake's geo-replication, "typically" under 15 minutes with no SLA.
            assert.deepStrictEqual(prod.outputs.streamReplicaRecoveryPoint, { basis: "best-effort", minutes: 20, measuredBy: streamRecoveryPointMeasure });
        });

        it("is off by default in dev: one namespace, its own address, no replica", () => {
            for (const r of [dev, devArchive]) {
                assert.deepStrictEqual([ofType(r, T.pairing), ofType(r, T.namespace).map((n) => n.name)], [[], ["streams"]]);
                assert.strictEqual(r.outputs.streamBootstrapServers, `${one(r, T.namespace).inputs.namespaceName}.servicebus.windows.net:9093`);
                assert.strictEqual(r.outputs.streamReplicaBootstrapServers, undefined);
            }
        });
    });

    it("hands Kafka clients OAUTHBEARER with Microsoft Entra ID over TLS, the Java callback that gets the token, and Event Hubs' idle limits", () => {
        assert.strictEqual(prod.outputs.streamAuthMechanism, "OAUTHBEARER");
        const props = prod.outputs.kafkaClientProperties as Record<string, string>;
        assert.strictEqual(props["bootstrap.servers"], prod.outputs.streamBootstrapServers);
        assert.deepStrictEqual([props["security.protocol"], props["sasl.mechanism"]], ["SASL_SSL", "OAUTHBEARER"]);
        assert.match(props["sasl.jaas.config"], /OAuthBearerLoginModule required;$/);
        assert.strictEqual(props["sasl.login.callback.handler.class"], entraCallbackHandler);
        // Event Hubs closes a connection idle for 240 s: the client refreshes metadata and closes idle
        // connections before that, and lets a request wait longer than Event Hubs' 20-second floor.
        assert.ok(Number(props["metadata.max.age.ms"]) < 240_000 && Number(props["connections.max.idle.ms"]) < 240_000, JSON.stringify(props));
        assert.ok(Number(props["request.timeout.ms"]) > 20_000);
        assert.strictEqual((dev.outputs.kafkaClientProperties as Record<string, string>)["bootstrap.servers"], dev.outputs.streamBootstrapServers);
    });

    describe("config rules", () => {
        const topic = (over: Record<string, unknown>) => ({ [`${ns}:stream`]: { topics: [{ name: "orders", partitions: 3, retentionHours: 168, ...over }] } });
        it("refuses topic names Event Hubs cannot take, and names that differ only in letter case", () => {
            for (const name of ["_internal", "orders-", ".hidden"]) {
                const err = configError(topic({ name }));
                assert.strictEqual(err.key, `${ns}:stream.topics[0].name`, name);
                assert.match(err.message, /starts and ends with a letter or digit/);
            }
            const clash = configError({ [`${ns}:stream`]: { topics: [{ name: "Orders" }, { name: "orders" }] } });
            assert.strictEqual(clash.key, `${ns}:stream.topics[1].name`);
            assert.match(clash.message, /differs from Orders in more than letter case/);
        });
        it("refuses more partitions than an event hub or a namespace holds, and more topics than a namespace holds", () => {
            const partitions = configError(topic({ partitions: 101 }));
            assert.deepStrictEqual([partitions.key, partitions.given], [`${ns}:stream.topics[0].partitions`, 101]);
            assert.match(partitions.message, /100 or fewer on azure/);
            const many = Array.from({ length: 51 }, (_, i) => ({ name: `t${i}`, partitions: 1 }));
            assert.match(configError({ [`${ns}:stream`]: { topics: many } }).message, /at most 50 topics on azure/);
            const wide = Array.from({ length: 17 }, (_, i) => ({ name: `w${i}`, partitions: 100 }));
            const total = configError({ [`${ns}:stream`]: { topics: wide } });
            assert.strictEqual(total.key, `${ns}:stream.topics`);
            assert.match(total.message, /got "3400 partitions with the dead-letter topics"; allowed: at most 3200 partitions in all/);
        });
        it("refuses retention beyond Event Hubs Premium's 90 days, for topics and dead-letter topics", () => {
            const t = configError({ [`${ns}:stream`]: { topics: [{ name: "orders", retentionHours: 2161 }], dlqRetentionHours: 2161 } });
            assert.deepStrictEqual([t.key, t.given], [`${ns}:stream.topics[0].retentionHours`, 2161]);
            const d = configError({ [`${ns}:stream`]: { dlqRetentionHours: 2200 } });
            assert.deepStrictEqual([d.key, d.given], [`${ns}:stream.dlqRetentionHours`, 2200]);
            assert.match(d.message, /2160 or fewer on azure/);
        });
        it("refuses a copy to the backup region without the lake archive, the only way events get there", () => {
            const err = configError({ [`${ns}:stream`]: { archiveToLake: false } });
            assert.deepStrictEqual([err.key, err.given], [`${ns}:stream.archiveToLake`, false]);
            assert.match(err.message, /geo-disaster recovery copies topics, not events/);
            // Fine when nothing is copied.
            parsePlatformConfig(flatConfig(stackConfig("azure", "prod", { [`${ns}:stream`]: { archiveToLake: false, replicateToBackupRegion: false } })), { project: ns, stack: "prod" });
        });
    });
});

describe("Azure topic grants", function () {
    let run: { resources: RecordedResource[] };
    let unknownTopic: unknown;
    before(async () => {
        run = await runProgram({
            project: ns,
            stack: "prod",
            config: flatConfig(stackConfig("azure", "prod", { [`${ns}:stream`]: stream })),
            program: () => {
                const { readPlatformConfig } = require("../stacks/config") as typeof import("../stacks/config");
                const { buildPlatform } = require("../stacks/program") as typeof import("../stacks/program");
                const platform = buildPlatform(readPlatformConfig());
                const principal: CloudPrincipal = { cloud: "azure", principalId: pulumi.output("workload-principal") };
                const opts = { parent: platform.streams, provider: platform.providers.primary };
                platform.streams.grant("orders", "produce").attach(principal, "ingest", opts);
                platform.streams.grant("orders", "consume").attach(principal, "airflow", opts);
                try {
                    platform.streams.grant("payments", "consume");
                } catch (err) {
                    unknownTopic = err;
                }
                return {};
            },
        });
    });
    const assignments = (prefix: string) => run.resources.filter((x) => x.type === T.role && x.name.startsWith(`${prefix}-`));

    it("gives producers Data Sender, and consumers Data Receiver (and Sender on the dead-letter topic), at the event hub scope, on both copies", () => {
        const hub = (name: string, namespace: string) => {
            const n = run.resources.find((x) => x.type === T.namespace && x.name === namespace)!;
            return `/subscriptions/${sub}/resourceGroups/${n.inputs.resourceGroupName}/providers/Microsoft.EventHub/namespaces/${n.inputs.namespaceName}/eventhubs/${name}`;
        };
        const seen = (prefix: string) =>
            assignments(prefix)
                .map((a) => [a.name, roleId(a), a.inputs.scope, a.inputs.principalId, a.inputs.principalType])
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        const sender = builtInRoles.eventHubsDataSender;
        const receiver = builtInRoles.eventHubsDataReceiver;
        assert.deepStrictEqual(seen("ingest"), [
            ["ingest-dlq-send", sender, hub("orders.dlq", "streams"), "workload-principal", "ServicePrincipal"],
            ["ingest-dlq-send-replica", sender, hub("orders.dlq", "streams-replica"), "workload-principal", "ServicePrincipal"],
            ["ingest-topic-send", sender, hub("orders", "streams"), "workload-principal", "ServicePrincipal"],
            ["ingest-topic-send-replica", sender, hub("orders", "streams-replica"), "workload-principal", "ServicePrincipal"],
        ]);
        assert.deepStrictEqual(seen("airflow"), [
            ["airflow-dlq-receive", receiver, hub("orders.dlq", "streams"), "workload-principal", "ServicePrincipal"],
            ["airflow-dlq-receive-replica", receiver, hub("orders.dlq", "streams-replica"), "workload-principal", "ServicePrincipal"],
            ["airflow-dlq-send", sender, hub("orders.dlq", "streams"), "workload-principal", "ServicePrincipal"],
            ["airflow-dlq-send-replica", sender, hub("orders.dlq", "streams-replica"), "workload-principal", "ServicePrincipal"],
            ["airflow-topic-receive", receiver, hub("orders", "streams"), "workload-principal", "ServicePrincipal"],
            ["airflow-topic-receive-replica", receiver, hub("orders", "streams-replica"), "workload-principal", "ServicePrincipal"],
        ]);
        assert.deepStrictEqual(rolesFor("orders", "consume").map((x) => x.topic), ["orders", "orders.dlq", "orders.dlq"]);
    });

    it("waits for the event hub (primary) or the pairing that copies it (replica) before assigning", () => {
        const hub = run.resources.find((x) => x.type === T.hub && x.name === "orders")!;
        const pairing = run.resources.find((x) => x.type === T.pairing)!;
        const byName = Object.fromEntries(assignments("ingest").map((a) => [a.name, a]));
        assert.ok(deps(byName["ingest-topic-send"], "scope").includes(hub.urn));
        assert.ok(deps(byName["ingest-topic-send-replica"], "scope").includes(pairing.urn));
        assert.ok(!deps(byName["ingest-topic-send"], "scope").includes(pairing.urn) && !deps(byName["ingest-topic-send-replica"], "scope").includes(hub.urn));
    });

    it("refuses a topic the stream does not have", () => {
        assert.match(String(unknownTopic), /no topic payments in this stream \(topics: orders, clicks\)/);
    });
});

// ── Update mode ───────────────────────────────────────────────────────────────────────────────────
// A preview cannot see inside `encryption` (the key URI is Azure's) or the identities' ids. This runs
// the program as `pulumi up` would, with mocks that answer like Azure.

describe("Azure event streams in update mode (what a preview cannot see)", function () {
    const created: { type: string; name: string; inputs: Record<string, any> }[] = [];
    before(async () => {
        pulumi.runtime.setAllConfig(flatConfig(stackConfig("azure", "prod")));
        await pulumi.runtime.setMocks(
            {
                newResource: ({ type, name, inputs }) => {
                    created.push({ type, name, inputs });
                    const rg = inputs.resourceGroupName ?? "rg";
                    if (type === T.key) {
                        const vault = inputs.vaultName;
                        return {
                            id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.KeyVault/vaults/${vault}/keys/${inputs.keyName}`,
                            state: { ...inputs, name: inputs.keyName, keyUri: `https://${vault}.vault.azure.net/keys/${inputs.keyName}` },
                        };
                    }
                    if (type === "random:index/randomString:RandomString") {
                        return { id: name, state: { ...inputs, result: name === "primary-vault" ? "prim001" : "back001" } };
                    }
                    const armName = inputs.resourceName ?? inputs.namespaceName ?? inputs.vaultName ?? `${name}-1a2b3c4d`;
                    const extra = type === T.identity ? { principalId: `${name}-principal`, clientId: `${name}-client` } : {};
                    return { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${armName}`, state: { name: armName, ...inputs, ...extra } };
                },
                call: ({ token, inputs }) => invokes[token](inputs as Record<string, unknown>, {}),
            },
            ns,
            "prod",
            false,
        );
        (require("../stacks/program") as typeof import("../stacks/program")).program();
        const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;
        for (let seen = -1; seen !== created.length; ) {
            seen = created.length;
            await waitForRPCs();
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    });
    const get = (type: string, name: string) => {
        const found = created.filter((r) => r.type === type && r.name === name);
        assert.strictEqual(found.length, 1, `one ${type} ${name}`);
        return found[0];
    };
    const idOf = (name: string) => `/subscriptions/${sub}/resourceGroups/adp-prod-stream-${name === "streams-replica-cmk" ? "centralus" : "eastus2"}/providers/${T.identity}/${get(T.identity, name).inputs.resourceName}`;

    it("encrypts each namespace with its region's platform key, versionless, as its own identity, with infrastructure encryption", () => {
        for (const [namespace, key, identity, vault] of [
            ["streams", "primary", "streams-cmk", "adp-prod-prim001"],
            ["streams-replica", "backup", "streams-replica-cmk", "adp-prod-back001"],
        ]) {
            const n = get(T.namespace, namespace).inputs;
            assert.deepStrictEqual(n.encryption, {
                keySource: "Microsoft.KeyVault",
                keyVaultProperties: [{ keyName: get(T.key, key).inputs.keyName, keyVaultUri: `https://${vault}.vault.azure.net`, identity: { userAssignedIdentity: idOf(identity) } }],
                requireInfrastructureEncryption: true,
            });
            assert.deepStrictEqual(n.identity, { type: "UserAssigned", userAssignedIdentities: [idOf(identity), idOf("streams-capture")] });
            assert.strictEqual(get(T.role, `${namespace}-cmk-key-user`).inputs.principalId, `${identity}-principal`);
        }
    });

    it("captures as the capture identity, which alone holds the lake role", () => {
        for (const hub of created.filter((r) => r.type === T.hub)) {
            assert.deepStrictEqual(hub.inputs.captureDescription.destination.identity, { type: "UserAssigned", userAssignedIdentity: idOf("streams-capture") });
        }
        assert.strictEqual(get(T.role, "streams-capture-lake-writer").inputs.principalId, "streams-capture-principal");
        assert.strictEqual(get(T.pairing, "streams-geo-dr").inputs.partnerNamespace, `/subscriptions/${sub}/resourceGroups/adp-prod-stream-centralus/providers/Microsoft.EventHub/namespaces/${get(T.namespace, "streams-replica").inputs.namespaceName}`);
    });
});
