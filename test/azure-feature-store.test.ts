import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CloudPrincipal } from "../components/shared/grants";
import { readPlatformConfig } from "../stacks/config";
import { buildPlatform } from "../stacks/program";
import { runProgram } from "./support/run";
import { flatConfig } from "./support/config";
import { examplePlan } from "./support/examples";
import { builtFrom, ofType, one, providerOf, stackConfig } from "./support/stack";

// The feature store on Azure (issue 12), through the example plans: Azure Managed Redis with Entra ID
// only, the platform key through a user-assigned identity, a private endpoint, high availability across
// zones, active geo-replication to the backup region in prod; the export job and the grant.

const ns = "ai-data-platform";
const T = {
    cluster: "azure-native:redisenterprise:RedisEnterprise",
    database: "azure-native:redisenterprise:Database",
    assignment: "azure-native:redisenterprise:AccessPolicyAssignment",
    endpoint: "azure-native:network:PrivateEndpoint",
    zone: "azure-native:privatedns:PrivateZone",
    key: "azure-native:keyvault:Key",
    cronJob: "kubernetes:batch/v1:CronJob",
};

describe("feature store on Azure", function () {
    this.timeout(180_000);

    describe("prod (examples/azure-prod.yaml)", () => {
        let r: Awaited<ReturnType<typeof examplePlan>>;
        before(async () => {
            r = await examplePlan("azure", "prod");
        });

        it("a cluster with no public access, TLS 1.2, high availability across three zones, the platform key through a user-assigned identity", () => {
            const c = one(r, T.cluster, "feature-store");
            const x = c.inputs;
            assert.deepStrictEqual([x.location, (x.sku as { name: string }).name, x.highAvailability, x.zones, x.minimumTlsVersion, x.publicNetworkAccess], ["eastus2", "Balanced_B10", "Enabled", ["1", "2", "3"], "1.2", "Disabled"]);
            assert.strictEqual((x.identity as { type: string }).type, "UserAssigned");
            assert.ok(ofType(r, T.key).some((k) => builtFrom(c, "encryption", k)), "encrypted with a platform key");
            assert.strictEqual(c.retainOnDelete, true);
        });

        it("the database: encrypted protocol, access keys disabled (Entra ID only), no persistence (geo-replication excludes it), the config's eviction policy", () => {
            const d = one(r, T.database, "feature-store").inputs;
            assert.deepStrictEqual([d.clientProtocol, d.accessKeysAuthentication, d.evictionPolicy, d.clusteringPolicy], ["Encrypted", "Disabled", "VolatileLRU", "EnterpriseCluster"]);
            assert.deepStrictEqual(d.persistence, { aofEnabled: false, rdbEnabled: false });
        });

        it("active geo-replication: a member in the backup region that joins the primary's group, with the backup region's key", () => {
            const primary = one(r, T.database, "feature-store");
            const secondary = one(r, T.database, "feature-store-secondary");
            assert.ok(builtFrom(secondary, "geoReplication", primary));
            assert.strictEqual(one(r, T.cluster, "feature-store-secondary").inputs.location, "centralus");
            assert.strictEqual(providerOf(r, one(r, T.cluster, "feature-store-secondary"))?.name, "backup");
            const ids = (secondary.inputs.geoReplication as { linkedDatabases: { id: string }[] }).linkedDatabases;
            assert.strictEqual(ids.length, 2);
            assert.deepStrictEqual(one(r, T.database, "feature-store").ignoreChanges, ["geoReplication.linkedDatabases"]);
        });

        it("private endpoints for both clusters in the platform VNet, in the privatelink.redis.azure.net zone", () => {
            const endpoints = ofType(r, T.endpoint).filter((e) => e.name.startsWith("feature-store"));
            assert.deepStrictEqual(endpoints.map((e) => e.name).sort(), ["feature-store", "feature-store-secondary"]);
            for (const e of endpoints) {
                assert.deepStrictEqual((e.inputs.privateLinkServiceConnections as { groupIds: string[] }[])[0].groupIds, ["redisEnterprise"]);
            }
            assert.ok(ofType(r, T.zone).some((z) => z.inputs.privateZoneName === "privatelink.redis.azure.net"));
        });

        it("a daily export CronJob that signs in with workload identity and exports into <lake>/feature-store/<date>", () => {
            const job = one(r, T.cronJob, "feature-store-export");
            const spec = job.inputs.spec as { jobTemplate: { spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string; command: string[] }[] } } } } };
            const template = spec.jobTemplate.spec.template;
            assert.strictEqual(template.metadata.labels["azure.workload.identity/use"], "true");
            assert.match(template.spec.containers[0].image, /^mcr\.microsoft\.com\/azure-cli:\d+\.\d+\.\d+$/);
            const script = template.spec.containers[0].command[2];
            assert.match(script, /az login --service-principal .* --federated-token/);
            assert.match(script, /--as-user --auth-mode login/);
            assert.match(script, /az redisenterprise database export .*\/\$PREFIX\/\$day\?\$sas/);
        });

        it("outputs: TLS, Entra ID, port 10000, no Feast block, the copy's recovery point", () => {
            const o = r.outputs;
            assert.deepStrictEqual([o.featureStoreTls, o.featureStoreAuth, o.featureStorePort, o.featureStoreClusterMode], [true, "entra", 10000, false]);
            assert.match(String(o.featureStoreCredential), /^Microsoft Entra ID: a token for https:\/\/redis\.azure\.com\/\.default/);
            assert.deepStrictEqual(Object.keys(o.feast as object), ["note"]);
            assert.strictEqual((o.featureStoreRecoveryPoint as { basis: string }).basis, "replication-lag");
            assert.match(String((o.featureStoreBackupExport as { destination: string }).destination), /\/lake\/feature-store\/<date>\/$/);
        });
    });

    describe("dev (examples/azure-dev.yaml)", () => {
        it("a B1 cluster without high availability or geo-replication, with RDB persistence", async () => {
            const r = await examplePlan("azure", "dev");
            const c = one(r, T.cluster, "feature-store").inputs;
            assert.deepStrictEqual([(c.sku as { name: string }).name, c.highAvailability, c.zones], ["Balanced_B1", "Disabled", undefined]);
            assert.deepStrictEqual(one(r, T.database, "feature-store").inputs.persistence, { rdbEnabled: true, rdbFrequency: "1h", aofEnabled: false });
            assert.strictEqual(ofType(r, T.cluster).length, 1);
        });
    });

    it("grants: an Entra ID access-policy assignment of the workload's object id on every member's database", async () => {
        const result = await runProgram({
            project: ns,
            stack: "prod",
            config: flatConfig(stackConfig("azure", "prod")),
            program: () => {
                const platform = buildPlatform(readPlatformConfig());
                const principal: CloudPrincipal = { cloud: "azure", principalId: pulumi.output("00000000-1111-2222-3333-444444444444") };
                platform.featureStore.grant("read-write").attach(principal, "feast", { parent: platform.featureStore, provider: platform.providers.primary });
            },
        });
        const assignments = ofType(result, T.assignment);
        assert.deepStrictEqual(assignments.map((a) => a.name).sort(), ["feast", "feast-secondary"]);
        for (const a of assignments) {
            assert.deepStrictEqual([a.inputs.accessPolicyName, a.inputs.databaseName, a.inputs.user, a.inputs.accessPolicyAssignmentName], ["default", "default", { objectId: "00000000-1111-2222-3333-444444444444" }, "00000000111122223333444444444444"]);
        }
    });
});
