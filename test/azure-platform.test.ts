import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { principalTypeOfToken } from "../components/shared/azure-roles";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { offlineAccount } from "../tools/offline/invokes";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig } from "./support/config";
import { examplePlan } from "./support/examples";
import { airflowComponent, featureStoreComponent, retainedUnder, unretainedNeeds } from "./support/retention";
import { assertCleanPlan, dependents, ofType, one, planFor, providerOf, stackConfig } from "./support/stack";

const T = {
    provider: "pulumi:providers:azure-native",
    group: "azure-native:resources:ResourceGroup",
    vault: "azure-native:keyvault:Vault",
    key: "azure-native:keyvault:Key",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    role: "azure-native:authorization:RoleAssignment",
    account: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    container: "azure-native:storage:BlobContainer",
    lifecycle: "azure-native:storage:ManagementPolicy",
    replication: "azure-native:storage:ObjectReplicationPolicy",
    backupVault: "azure-native:dataprotection:BackupVault",
    backupPolicy: "azure-native:dataprotection:BackupPolicy",
    backupInstance: "azure-native:dataprotection:BackupInstance",
    sleep: "time:index/sleep:Sleep",
};

// Built-in role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security
const cryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
const cryptoOfficer = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";
const storageAccountBackupContributor = "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1";

const ns = "ai-data-platform";
const lake = { coldAfterDays: 45, archiveAfterDays: 120, noncurrentVersionDays: 200, lockDays: 60, lockMode: "governance" };

const locationOf = (r: PlanResult, x: RecordedResource) => providerOf(r, x)?.inputs.location;
const roleId = (assignment: RecordedResource) => String(assignment.inputs.roleDefinitionId).split("/").pop();
/** `x` is created after `grant` has had time to apply: it depends on a Sleep that depends on the grant. */
const waitsFor = (r: PlanResult, x: RecordedResource, grant: RecordedResource) =>
    ofType(r, T.sleep).some((sleep) => x.dependencies.includes(sleep.urn) && sleep.dependencies.includes(grant.urn) && sleep.inputs.createDuration === "180s");

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("azure", overrides, environment);

describe("Azure platform (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("azure", "prod", { [`${ns}:lake`]: lake, [`${ns}:backup`]: { retentionDays: 60, alertEmail: "data-oncall@example.com" } }));
        dev = await planFor(stackConfig("azure", "dev"));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: passes its environment's policy config with no violation at all, with non-default settings`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "azure", env);
        });
        it(`${env}: every Azure resource names the explicit provider of the region it is in`, () => {
            const r = env === "prod" ? prod : dev;
            const providers = ofType(r, T.provider);
            assert.deepStrictEqual(providers.map((p) => [p.name, p.inputs.location]).sort(), [["backup", "centralus"], ["primary", "eastus2"]]);
            const azure = r.resources.filter((x) => x.custom && x.type.startsWith("azure-native:"));
            assert.ok(azure.length > 20);
            assert.deepStrictEqual(azure.filter((x) => !providers.some((p) => p.urn === x.provider)).map((x) => x.urn), []);
            // Private DNS zones and their links are global resources.
            const misplaced = azure.filter((x) => x.inputs.location !== undefined && x.inputs.location !== "Global" && x.inputs.location !== locationOf(r, x));
            assert.deepStrictEqual(misplaced.map((x) => x.urn), []);
        });
    }

    it("encrypts the lake and the backup vault with the primary region's Key Vault key, each through an identity that may use only that key", () => {
        const key = one(prod, T.key, "primary");
        assert.strictEqual(locationOf(prod, key), "eastus2");
        for (const [store, identityName] of [[one(prod, T.account, "lake"), "lake-cmk"], [one(prod, T.backupVault), "lake-backup-cmk"]] as const) {
            assert.strictEqual(store.inputs.location, "eastus2");
            const identity = one(prod, T.identity, identityName);
            assert.ok(store.propertyDependencies.identity.includes(identity.urn));
            const keyed = store.type === T.account ? store.propertyDependencies.encryption : store.propertyDependencies.properties;
            assert.ok(keyed.includes(key.urn) && keyed.includes(identity.urn), `${store.name} reaches the key as that identity`);
            const grant = one(prod, T.role, `${identityName}-key-user`);
            assert.strictEqual(roleId(grant), cryptoServiceEncryptionUser);
            assert.deepStrictEqual([grant.propertyDependencies.principalId, grant.inputs.principalType], [[identity.urn], "ServicePrincipal"]);
            assert.deepStrictEqual(grant.propertyDependencies.scope, [key.urn], "scoped to the key, not the vault");
            assert.ok(waitsFor(prod, store, grant), "the grant has applied before the store first uses the key");
        }
        assert.deepStrictEqual(ofType(prod, T.account).map((a) => a.name), ["lake"], "no second account: the lake's copy is its own geo-redundant storage");
    });

    it("keeps each key in a purge-protected RBAC vault of its region, rotates it yearly, and lets the deployer create it", () => {
        for (const [r, softDeleteDays] of [[prod, 90], [dev, 7]] as const) {
            for (const name of ["primary", "backup"]) {
                const vault = one(r, T.vault, name);
                const props = vault.inputs.properties as any;
                assert.deepStrictEqual(
                    [props.enableRbacAuthorization, props.enableSoftDelete, props.enablePurgeProtection, props.softDeleteRetentionInDays, props.tenantId],
                    [true, true, true, softDeleteDays, offlineAccount.azureTenantId],
                );
                assert.ok(vault.propertyDependencies.vaultName.some((u) => u.includes("RandomString")), "a fresh vault name after a teardown");
                const key = one(r, T.key, name);
                const keyProps = key.inputs.properties as any;
                assert.deepStrictEqual([keyProps.kty, keyProps.keySize], ["RSA", 3072]);
                assert.deepStrictEqual(keyProps.rotationPolicy.lifetimeActions, [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }]);
                const officer = one(r, T.role, `${name}-deployer-crypto-officer`);
                assert.strictEqual(roleId(officer), cryptoOfficer);
                assert.deepStrictEqual([officer.inputs.principalId, officer.inputs.principalType], [offlineAccount.azureObjectId, "User"]);
                assert.deepStrictEqual(officer.propertyDependencies.scope, [vault.urn]);
                assert.ok(waitsFor(r, key, officer), "the deployer's role has applied before the key is created");
                // Reachable over the vault's public endpoint, Entra ID deciding: stated, not a default.
                assert.deepStrictEqual([props.publicNetworkAccess, props.networkAcls], ["Enabled", { defaultAction: "Allow", bypass: "AzureServices" }]);
            }
        }
    });

    it("states the deployer's principal type from its token, as Azure rejects a role assignment of the wrong type", () => {
        const jwt = (claims: object) => ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), ""].join(".");
        assert.strictEqual(principalTypeOfToken(jwt({ oid: "u", scp: "user_impersonation" })), "User");
        assert.strictEqual(principalTypeOfToken(jwt({ oid: "sp", roles: [] })), "ServicePrincipal");
        assert.strictEqual(principalTypeOfToken(jwt({ oid: "mi", idtyp: "app", scp: "ignored" })), "ServicePrincipal");
        assert.throws(() => principalTypeOfToken("not-a-jwt"), /not a JWT/);
    });

    it("allows neither anonymous nor shared-key access, only HTTPS with TLS 1.2, on a flat-namespace StorageV2 account, geo-redundant with read access (and zone-redundant in prod)", () => {
        for (const [r, sku] of [[prod, "Standard_RAGZRS"], [dev, "Standard_RAGRS"]] as const) {
            const a = one(r, T.account, "lake").inputs;
            // Cross-tenant replication is allowed because vaulted backup's setup asks for it.
            assert.deepStrictEqual(
                [a.kind, a.isHnsEnabled, a.allowBlobPublicAccess, a.allowSharedKeyAccess, a.defaultToOAuthAuthentication, a.allowCrossTenantReplication, a.enableHttpsTrafficOnly, a.minimumTlsVersion],
                ["StorageV2", false, false, false, true, true, true, "TLS1_2"],
            );
            assert.deepStrictEqual(a.sku, { name: sku });
            assert.strictEqual(a.publicNetworkAccess, "Enabled", "reached over its public endpoint, Entra ID only: stated");
            const container = dependents(r, one(r, T.account, "lake"), T.container, "accountName")[0].inputs;
            assert.deepStrictEqual([container.containerName, container.publicAccess], ["lake", "None"]);
        }
    });

    it("names accounts deterministically within Azure's 3-24 lowercase letters and digits, known during the preview", () => {
        const name = one(prod, T.account, "lake").inputs.accountName as string;
        assert.match(name, /^[a-z0-9]{3,24}$/);
        assert.deepStrictEqual(prod.outputs.lakeName, name);
        assert.strictEqual(prod.outputs.lakeUrl, `https://${name}.blob.core.windows.net/lake`);
    });

    it("versions the lake, keeps its change feed, and keeps deleted blobs and containers as long as superseded versions", () => {
        for (const [r, days] of [[prod, 200], [dev, 30]] as const) {
            const [svc] = dependents(r, one(r, T.account, "lake"), T.blobService, "accountName");
            assert.strictEqual(svc.inputs.isVersioningEnabled, true);
            assert.deepStrictEqual(svc.inputs.changeFeed, { enabled: true, retentionInDays: days });
            assert.deepStrictEqual(svc.inputs.deleteRetentionPolicy, { enabled: true, days, allowPermanentDelete: false });
            assert.deepStrictEqual(svc.inputs.containerDeleteRetentionPolicy, { enabled: true, days });
        }
    });

    it("takes lifecycle days from config, with Cold as the archive class", () => {
        for (const name of ["lake"]) {
            const [policy] = dependents(prod, one(prod, T.account, name), T.lifecycle, "accountName");
            const rules = (policy.inputs.policy as any).rules;
            assert.strictEqual(rules.length, 1);
            assert.deepStrictEqual(rules[0].definition, {
                filters: { blobTypes: ["blockBlob"], prefixMatch: [] },
                actions: {
                    baseBlob: { tierToCool: { daysAfterModificationGreaterThan: 45 }, tierToCold: { daysAfterModificationGreaterThan: 120 } },
                    version: { delete: { daysAfterCreationGreaterThan: 200 } },
                },
            });
            assert.strictEqual(rules[0].enabled, true);
        }
    });

    it("locks every new version for lockDays by default (governance: an Unlocked policy), never fights a lock applied by hand, and refuses compliance", async () => {
        const account = one(prod, T.account, "lake");
        assert.deepStrictEqual(account.inputs.immutableStorageWithVersioning, {
            enabled: true,
            immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 60, state: "Unlocked", allowProtectedAppendWrites: false },
        });
        assert.deepStrictEqual(account.ignoreChanges, ["immutableStorageWithVersioning.immutabilityPolicy.state"]);
        assert.deepStrictEqual(one(dev, T.account, "lake").inputs.immutableStorageWithVersioning, { enabled: false }, "dev locks nothing by default, and says so");
        const locked = await planFor(stackConfig("azure", "dev", { [`${ns}:lake`]: { lockDays: 3 } }));
        assert.deepStrictEqual((one(locked, T.account, "lake").inputs.immutableStorageWithVersioning as any).immutabilityPolicy.immutabilityPeriodSinceCreationInDays, 3);
        const err = configError({ [`${ns}:lake`]: { ...lake, lockMode: "compliance" } });
        assert.strictEqual(err.key, `${ns}:lake.lockMode`);
        assert.match(err.message, /^invalid config ai-data-platform:lake\.lockMode: got "compliance"; allowed: governance on azure \(Azure creates .* Unlocked only/);
    });

    it("keeps the lake's copy in the backup region as its own geo-redundant storage, read at the secondary endpoint of the region's pair", () => {
        assert.deepStrictEqual(ofType(prod, T.replication), [], "no object replication: vaulted backup refuses a container that takes part in it");
        const name = prod.outputs.lakeName;
        assert.deepStrictEqual(
            [prod.outputs.replicaName, prod.outputs.replicaUrl, prod.outputs.replicaRegion],
            [name, `https://${name}-secondary.blob.core.windows.net/lake`, "centralus"],
        );
        // Microsoft: "typically ... less than 15 minutes, although there's currently no SLA".
        assert.deepStrictEqual([prod.outputs.recoveryPointObjectiveMinutes, prod.outputs.recoveryPointObjectiveBasis], [15, "best-effort"]);
    });

    it("backs the lake up once a day into an immutable, geo-redundant Backup vault, kept backup.retentionDays", () => {
        for (const [r, env] of [[prod, "prod"], [dev, "dev"]] as const) {
            const vault = one(r, T.backupVault);
            const props = vault.inputs.properties as any;
            assert.deepStrictEqual(vault.inputs.identity, { type: "SystemAssigned,UserAssigned", userAssignedIdentities: ["[unknown]"] });
            assert.deepStrictEqual(props.storageSettings, [{ datastoreType: "VaultStore", type: "GeoRedundant" }]);
            assert.deepStrictEqual(props.securitySettings.immutabilitySettings, { state: env === "prod" ? "Locked" : "Unlocked" });
            assert.deepStrictEqual(props.securitySettings.softDeleteSettings, { state: env === "prod" ? "AlwaysOn" : "On", retentionDurationInDays: 14 });
            assert.deepStrictEqual(
                [props.securitySettings.encryptionSettings.state, props.securitySettings.encryptionSettings.kekIdentity.identityType, props.securitySettings.encryptionSettings.infrastructureEncryption],
                ["Enabled", "UserAssigned", "Enabled"],
            );
            assert.strictEqual(locationOf(r, vault), "eastus2", "a vault protects accounts of its own region");
        }
        const vault = one(prod, T.backupVault);
        const lakeAccount = one(prod, T.account, "lake");
        const contributor = one(prod, T.role, "lake-backup-contributor");
        assert.strictEqual(roleId(contributor), storageAccountBackupContributor);
        assert.deepStrictEqual([contributor.propertyDependencies.principalId, contributor.inputs.principalType], [[vault.urn], "ServicePrincipal"], "the vault's system-assigned identity");
        assert.match(contributor.inputs.scope as string, new RegExp(`/providers/Microsoft\\.Storage/storageAccounts/${lakeAccount.inputs.accountName}$`), "on the lake account");

        const policy = one(prod, T.backupPolicy);
        assert.strictEqual(policy.inputs.backupPolicyName, "lake-daily-60d", "a new retention is a new policy: Azure does not modify one");
        const rules = (policy.inputs.properties as any).policyRules;
        assert.deepStrictEqual(rules[0].trigger.schedule.repeatingTimeIntervals, ["R/2025-01-01T02:00:00+00:00/P1D"]);
        assert.deepStrictEqual([rules[0].dataStore.dataStoreType, rules[1].lifecycles[0].deleteAfter.duration, rules[1].lifecycles[0].sourceDataStore.dataStoreType], ["VaultStore", "P60D", "VaultStore"]);
        assert.strictEqual(((one(dev, T.backupPolicy).inputs.properties as any).policyRules[1].lifecycles[0].deleteAfter.duration), "P7D");

        const instance = one(prod, T.backupInstance);
        const bi = instance.inputs.properties as any;
        assert.deepStrictEqual([bi.dataSourceInfo.datasourceType, bi.dataSourceInfo.resourceID], ["Microsoft.Storage/storageAccounts/blobServices", contributor.inputs.scope]);
        assert.deepStrictEqual(bi.policyInfo.policyParameters.backupDatasourceParametersList, [{ objectType: "BlobBackupDatasourceParameters", containersList: ["lake"] }]);
        assert.ok(instance.propertyDependencies.properties.includes(policy.urn));
        assert.ok(waitsFor(prod, instance, contributor), "the vault's role has applied before protection is configured");
        assert.strictEqual(prod.outputs.backupRetentionDays, 60);
    });

    it("raises the vault's built-in alert on every failed job, and mails it to backup.alertEmail through an alert processing rule only when set", () => {
        for (const r of [prod, dev]) {
            assert.deepStrictEqual((one(r, T.backupVault).inputs.properties as any).monitoringSettings, { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" } });
        }
        const group = one(prod, "azure-native:monitor:ActionGroup");
        assert.deepStrictEqual([group.inputs.location, group.inputs.enabled, group.inputs.emailReceivers], ["Global", true, [{ name: "backup-alert-email", emailAddress: "data-oncall@example.com", useCommonAlertSchema: true }]]);
        assert.ok(String(group.inputs.groupShortName).length <= 12, "Azure's limit for the short name");
        const rule = one(prod, "azure-native:alertsmanagement:AlertProcessingRuleByName");
        // Its properties hold the vault's and the group's ids, so the preview knows none of them: what they reference is checked.
        assert.ok(rule.propertyDependencies.properties.includes(one(prod, T.backupVault).urn) && rule.propertyDependencies.properties.includes(group.urn), "scoped to the vault, adding the group");
        assert.deepStrictEqual(ofType(dev, "azure-native:monitor:ActionGroup").concat(ofType(dev, "azure-native:alertsmanagement:AlertProcessingRuleByName")), []);
    });

    it("refuses what vaulted backup and geo-redundant storage cannot do: retention past 10 years, versions kept under 8 days, a backup region that is not the pair", () => {
        const long = configError({ [`${ns}:lake`]: { ...lake, noncurrentVersionDays: 4000, lockDays: 3651 }, [`${ns}:backup`]: { retentionDays: 3651 } });
        assert.match(long.message, /backup\.retentionDays: got 3651; allowed: 3650 or fewer on azure \(vaulted blob backups are kept at most 10 years\)/);
        const versions = configError({ [`${ns}:lake`]: { noncurrentVersionDays: 7 }, [`${ns}:backup`]: { retentionDays: 3 } }, "dev");
        assert.match(versions.message, /lake\.noncurrentVersionDays: got 7; allowed: 8 or more on azure/);
        const notPair = configError({ [`${ns}:backupRegion`]: "westus2" });
        assert.strictEqual(notPair.key, `${ns}:backupRegion`);
        assert.match(notPair.message, /got "westus2"; allowed: centralus on azure: the pair of eastus2/);
        const unpaired = configError({ [`${ns}:region`]: "italynorth", [`${ns}:backupRegion`]: "westeurope" });
        assert.match(unpaired.message, /region: got "italynorth"; allowed: on azure, a region with a region pair whose key vaults fail over to it/);
        const noVaultFailover = configError({ [`${ns}:region`]: "westus3", [`${ns}:backupRegion`]: "eastus" });
        assert.strictEqual(noVaultFailover.key, `${ns}:region`, "Key Vault does not replicate out of West US 3");
    });

    it("refuses a lock longer than Azure's 146,000 days and, in prod, regions without geo-zone-redundant storage", () => {
        const lock = configError({ [`${ns}:lake`]: { ...lake, lockDays: 146_001, noncurrentVersionDays: 146_001 } });
        assert.strictEqual(lock.key, `${ns}:lake.lockDays`);
        assert.match(lock.message, /got 146001; allowed: 146000 or fewer on azure/);
        const region = configError({ [`${ns}:region`]: "westus", [`${ns}:backupRegion`]: "eastus" });
        assert.strictEqual(region.key, `${ns}:region`);
        assert.match(region.message, /got "westus"; allowed: on azure in prod, a region with geo-zone-redundant storage .*eastus2/);
        const flat = flatConfig(stackConfig("azure", "dev", { [`${ns}:region`]: "westus", [`${ns}:backupRegion`]: "eastus" }));
        assert.throws(() => parsePlatformConfig(flat, { project: ns, stack: "dev" }), /got "westus"; allowed: on azure, a region with availability zones/, "dev needs zones too: AKS spreads its pools over them");
    });

    it("ends a prod plan with retentionDays 1 non-zero, naming the backup policy's retention", async () => {
        const short = await planFor(stackConfig("azure", "prod", { [`${ns}:backup`]: { retentionDays: 1 } }));
        assert.strictEqual(short.exitCode, 1);
        assert.deepStrictEqual(
            short.analysis.violations.map((v) => [v.policy, v.level]),
            [["backup-retention", "mandatory"]],
        );
        assert.match(short.analysis.violations[0].message, /BackupPolicy "lake-daily": retention rule Default \(VaultStore\) keeps backups 1 days \(at least 35 required\)/);
    });

    it("prod retains every data-bearing resource and what keeps it readable; dev retains nothing", () => {
        const dataBearing = (r: PlanResult) => r.resources.filter((x) => [T.group, T.account, T.container, T.vault, T.key, T.backupVault, T.backupPolicy, T.backupInstance].includes(x.type));
        assert.strictEqual(dataBearing(prod).length, 20, "10 groups (2 of the feature store), the lake and its container, 2 key vaults, 3 keys, the Backup vault, its policy and the lake's backup instance");
        assert.deepStrictEqual(dataBearing(prod).filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        // Identities and grants of the data (lake, backups, keys) stay with it; the cluster's go with the cluster.
        const underCluster = (x: { parent?: string }) => x.parent?.includes("ai-data-platform:kubernetes:") === true;
        // The deployer's right to write Capture files is its own, not the data's (docs/runbooks.md).
        const deployersOnly = (x: RecordedResource) => x.name === "streams-capture-deployer-writer";
        const keepsReadable = [...ofType(prod, T.identity), ...ofType(prod, T.role), ...ofType(prod, T.replication)].filter(
            (x) => !underCluster(x) && !underCluster(prod.resources.find((p) => p.urn === x.parent) ?? {}) && !deployersOnly(x),
        );
        assert.deepStrictEqual(keepsReadable.filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
        assert.deepStrictEqual(ofType(prod, T.group).map((g) => g.inputs.resourceGroupName).sort(), [
            "adp-test-backup-eastus2",
            "adp-test-fstore-eastus2",
            "adp-test-fstore-geo-centralus",
            "adp-test-keys-centralus",
            "adp-test-keys-eastus2",
            "adp-test-kubernetes-eastus2",
            "adp-test-lake-eastus2",
            "adp-test-network-eastus2",
            "adp-test-stream-centralus",
            "adp-test-stream-eastus2",
        ]);
    });
});

describe("Azure prod keeps what its retained feature store and Airflow database need (examples/azure-*.yaml)", function () {
    this.timeout(180_000);
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await examplePlan("azure", "prod");
        dev = await examplePlan("azure", "dev");
    });

    it("prod retains the stores, the database and what keeps them reachable and deletable later; nothing a retained resource uses is left to a swap; dev retains nothing", () => {
        // The endpoint subnet waits for the API server subnet only because Azure changes one subnet of a VNet at a time.
        const orderingOnly = (x: RecordedResource) => x.type === "azure-native:network:Subnet" && x.name === "apiserver";
        assert.deepStrictEqual(unretainedNeeds(prod, orderingOnly), []);
        assert.deepStrictEqual(retainedUnder(prod, featureStoreComponent), [
            "azure-native:authorization:RoleAssignment feature-store-cmk-key-user",
            "azure-native:authorization:RoleAssignment feature-store-secondary-cmk-key-user",
            "azure-native:managedidentity:UserAssignedIdentity feature-store-cmk",
            "azure-native:managedidentity:UserAssignedIdentity feature-store-secondary-cmk",
            // Public access is off: the endpoints and their DNS records are the only way to the kept data.
            "azure-native:network:PrivateDnsZoneGroup feature-store",
            "azure-native:network:PrivateDnsZoneGroup feature-store-secondary",
            "azure-native:network:PrivateEndpoint feature-store",
            "azure-native:network:PrivateEndpoint feature-store-secondary",
            "azure-native:redisenterprise:Database feature-store",
            "azure-native:redisenterprise:Database feature-store-secondary",
            "azure-native:redisenterprise:RedisEnterprise feature-store",
            "azure-native:redisenterprise:RedisEnterprise feature-store-secondary",
            "azure-native:resources:ResourceGroup feature-store",
            "azure-native:resources:ResourceGroup feature-store-secondary",
        ]);
        assert.deepStrictEqual(retainedUnder(prod, airflowComponent), [
            "azure-native:authorization:ManagementLockByScope airflow-database",
            "azure-native:authorization:RoleAssignment airflow-database-geo-cmk-key-user",
            "azure-native:authorization:RoleAssignment airflow-database-primary-cmk-key-user",
            "azure-native:dbforpostgresql:Database airflow-database",
            "azure-native:dbforpostgresql:Server airflow-database",
            "azure-native:managedidentity:UserAssignedIdentity airflow-database-geo-cmk",
            "azure-native:managedidentity:UserAssignedIdentity airflow-database-primary-cmk",
            // Azure refuses to delete a delegated subnet that holds a server; the zone and its link resolve the server.
            "azure-native:network:Subnet airflow-database",
            "azure-native:privatedns:PrivateZone airflow-database",
            "azure-native:privatedns:VirtualNetworkLink airflow-database",
            "azure-native:resources:ResourceGroup airflow-database",
        ]);
        // The Managed Redis endpoints' records live in the network's privatelink.redis.azure.net zone.
        const zone = prod.resources.filter((x) => x.name === "redisEnterprise" && x.type.startsWith("azure-native:privatedns:"));
        assert.deepStrictEqual(zone.map((x) => [x.type, x.retainOnDelete]).sort(), [
            ["azure-native:privatedns:PrivateZone", true],
            ["azure-native:privatedns:VirtualNetworkLink", true],
        ]);
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
    });
});
