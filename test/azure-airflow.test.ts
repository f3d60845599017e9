import * as assert from "assert";
import { PlanResult } from "../tools/offline/plan";
import { airflowPlan, assertDagsReachFeatureStore, assertOnSystemPool, assertProdAirflow, values } from "./support/airflow";
import { examplePlan } from "./support/examples";
import { one } from "./support/stack";

// Issue 13 on Azure, through the same offline preview as `npm run plan`: the chart on AKS, a
// PostgreSQL flexible server with geo-redundant backups, task logs in the lake container through
// Azure Workload Identity.

const T = {
    server: "azure-native:dbforpostgresql:Server",
    lock: "azure-native:authorization:ManagementLockByScope",
    subnet: "azure-native:network:Subnet",
    zone: "azure-native:privatedns:PrivateZone",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    key: "azure-native:keyvault:Key",
};

describe("Airflow on Azure", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    before(async () => {
        prod = await airflowPlan("azure", "prod", { database: { highAvailability: false } });
    });

    it("prod: the chart values that matter, the outputs, no violation; pods carry the workload identity label", () => {
        assertProdAirflow(prod, "azure", { folder: /^wasb-airflow-logs$/, connectionId: "wasb_logs" });
        assertOnSystemPool(prod, { "kubernetes.azure.com/mode": "system" });
        const v = values(prod);
        assert.strictEqual(v.config.azure_remote_logging.remote_wasb_log_container, "lake");
        for (const c of ["apiServer", "scheduler", "dagProcessor", "triggerer", "workers"]) {
            assert.deepStrictEqual(v[c].labels, { "azure.workload.identity/use": "true" }, c);
        }
        assert.match(String(prod.outputs.airflowLogsUrl), /^https:\/\/[a-z0-9]+\.blob\.core\.windows\.net\/lake\/wasb-airflow-logs$/);
    });

    it("prod: a flexible server, VNet-integrated, platform keys (primary and geo-backup), geo-redundant backups 35 days, HA as configured, retained", () => {
        const server = one(prod, T.server);
        const i = server.inputs as Record<string, any>;
        assert.deepStrictEqual([i.version, i.sku.name, i.sku.tier], ["17", "Standard_D2ds_v5", "GeneralPurpose"]);
        assert.deepStrictEqual(i.backup, { backupRetentionDays: 35, geoRedundantBackup: "Enabled" });
        assert.strictEqual(i.highAvailability.mode, "Disabled");
        assert.strictEqual(i.network.publicNetworkAccess, "Disabled");
        const deps = server.propertyDependencies;
        assert.ok(deps.network.includes(one(prod, T.subnet, "airflow-database").urn) && deps.network.includes(one(prod, T.zone, "airflow-database").urn));
        assert.strictEqual(i.dataEncryption.type, "AzureKeyVault");
        assert.strictEqual(deps.dataEncryption.filter((u) => u.includes(T.key)).length, 2, "the primary and the geo-backup key");
        assert.ok(server.retainOnDelete);
        const subnet = one(prod, T.subnet, "airflow-database");
        assert.deepStrictEqual((subnet.inputs.delegations as { serviceName: string }[]).map((d) => d.serviceName), ["Microsoft.DBforPostgreSQL/flexibleServers"]);
    });

    it("prod: a CanNotDelete lock on the server", () => {
        const lock = one(prod, T.lock);
        assert.strictEqual(lock.inputs.level, "CanNotDelete");
        assert.deepStrictEqual(lock.propertyDependencies.scope, [one(prod, T.server).urn]);
    });

    it("prod: the geo-backup key's identity lives in the backup region", () => {
        const geo = one(prod, T.identity, "airflow-database-geo-cmk");
        assert.strictEqual(geo.inputs.location, "centralus");
    });

    describe("the example stacks: DAGs write to the feature store as the worker identity", () => {
        for (const env of ["dev", "prod"] as const) {
            it(`${env}: the worker's managed identity has an access-policy assignment on every member of the store`, async () => {
                const r = await examplePlan("azure", env);
                const grants = assertDagsReachFeatureStore(r, "entra", /^Microsoft Entra ID: .*object id/);
                assert.ok(grants.every((g) => g.resource.type === "azure-native:redisenterprise:AccessPolicyAssignment" && g.resource.inputs.accessPolicyName === "default"));
                assert.ok(grants.every((g) => g.storeProperty === "clusterName"), "on the store's clusters");
                assert.strictEqual(grants.length, env === "prod" ? 2 : 1, "the primary, and in prod the geo-replicated member");
            });
        }
    });
});
