import * as assert from "assert";
import { Environment } from "../components/shared/context";
import { principalTypeOfToken } from "../components/shared/azure-roles";
import { ConfigError, parsePlatformConfig } from "../stacks/config";
import { offlineAccount } from "../tools/offline/invokes";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig } from "./support/config";
import { assertCleanPlan, dependents, ofType, one, planFor, stackConfig } from "./support/stack";

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
};

// Built-in role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security
const cryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6";
const cryptoOfficer = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603";

const ns = "ai-data-platform";
const lake = { coldAfterDays: 45, archiveAfterDays: 120, noncurrentVersionDays: 200, lockDays: 45, lockMode: "governance" };

const providerOf = (r: PlanResult, x: RecordedResource) => r.resources.find((p) => p.urn === x.provider);
const locationOf = (r: PlanResult, x: RecordedResource) => providerOf(r, x)?.inputs.location;
const roleId = (assignment: RecordedResource) => String(assignment.inputs.roleDefinitionId).split("/").pop();

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod"): ConfigError => configErrorFor("azure", overrides, environment);

describe("Azure platform (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("azure", "prod", { [`${ns}:lake`]: lake, [`${ns}:backup`]: { retentionDays: 45 } }));
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

    it("encrypts lake and replica with the Key Vault key of their own region, through an identity that may use only that key", () => {
        for (const [accountName, keyName, region] of [["lake", "primary", "eastus2"], ["replica", "backup", "centralus"]]) {
            const account = one(prod, T.account, accountName);
            const key = one(prod, T.key, keyName);
            assert.strictEqual(account.inputs.location, region);
            assert.strictEqual(locationOf(prod, key), region);
            assert.ok(account.propertyDependencies.encryption.includes(key.urn), `${accountName} is encrypted with the ${keyName} key`);
            const identity = one(prod, T.identity, `${accountName}-cmk`);
            assert.ok(account.propertyDependencies.identity.includes(identity.urn));
            assert.ok(account.propertyDependencies.encryption.includes(identity.urn), "the account reaches the key as that identity");
            const grant = one(prod, T.role, `${accountName}-cmk-key-user`);
            assert.strictEqual(roleId(grant), cryptoServiceEncryptionUser);
            assert.deepStrictEqual([grant.propertyDependencies.principalId, grant.inputs.principalType], [[identity.urn], "ServicePrincipal"]);
            assert.deepStrictEqual(grant.propertyDependencies.scope, [key.urn], "scoped to the key, not the vault");
            assert.ok(account.dependencies.includes(grant.urn), "the grant exists before the account first uses the key");
        }
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
                assert.ok(key.dependencies.includes(officer.urn), "the deployer may create keys before the key is created");
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

    it("allows neither anonymous nor shared-key access, only HTTPS with TLS 1.2, on a flat-namespace StorageV2 account, zone-redundant in prod only", () => {
        for (const [r, sku] of [[prod, "Standard_ZRS"], [dev, "Standard_LRS"]] as const) {
            for (const name of ["lake", "replica"]) {
                const a = one(r, T.account, name).inputs;
                assert.deepStrictEqual(
                    [a.kind, a.isHnsEnabled, a.allowBlobPublicAccess, a.allowSharedKeyAccess, a.defaultToOAuthAuthentication, a.allowCrossTenantReplication, a.enableHttpsTrafficOnly, a.minimumTlsVersion],
                    ["StorageV2", false, false, false, true, false, true, "TLS1_2"],
                );
                assert.deepStrictEqual(a.sku, { name: sku });
                const container = dependents(r, one(r, T.account, name), T.container, "accountName")[0].inputs;
                assert.deepStrictEqual([container.containerName, container.publicAccess], ["lake", "None"]);
            }
        }
    });

    it("names accounts deterministically within Azure's 3-24 lowercase letters and digits, known during the preview", () => {
        const names = ofType(prod, T.account).map((a) => a.inputs.accountName as string);
        assert.strictEqual(new Set(names).size, 2);
        for (const n of names) {
            assert.match(n, /^[a-z0-9]{3,24}$/);
        }
        assert.deepStrictEqual(prod.outputs.lakeName, one(prod, T.account, "lake").inputs.accountName);
        assert.strictEqual(prod.outputs.lakeUrl, `https://${prod.outputs.lakeName}.blob.core.windows.net/lake`);
        assert.strictEqual(prod.outputs.replicaUrl, `https://${prod.outputs.replicaName}.blob.core.windows.net/lake`);
    });

    it("versions both accounts, keeps their change feed, and keeps deleted blobs and containers as long as superseded versions", () => {
        for (const [r, days] of [[prod, 200], [dev, 30]] as const) {
            for (const name of ["lake", "replica"]) {
                const [svc] = dependents(r, one(r, T.account, name), T.blobService, "accountName");
                assert.strictEqual(svc.inputs.isVersioningEnabled, true);
                assert.deepStrictEqual(svc.inputs.changeFeed, { enabled: true, retentionInDays: days });
                assert.deepStrictEqual(svc.inputs.deleteRetentionPolicy, { enabled: true, days, allowPermanentDelete: false });
                assert.deepStrictEqual(svc.inputs.containerDeleteRetentionPolicy, { enabled: true, days });
            }
        }
    });

    it("takes lifecycle days from config on the lake and the replica alike, with Cold as the archive class", () => {
        for (const name of ["lake", "replica"]) {
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
        for (const name of ["lake", "replica"]) {
            const account = one(prod, T.account, name);
            assert.deepStrictEqual(account.inputs.immutableStorageWithVersioning, {
                enabled: true,
                immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: 45, state: "Unlocked", allowProtectedAppendWrites: false },
            });
            assert.deepStrictEqual(account.ignoreChanges, ["immutableStorageWithVersioning.immutabilityPolicy.state"]);
            assert.deepStrictEqual(one(dev, T.account, name).inputs.immutableStorageWithVersioning, { enabled: false }, "dev locks nothing by default, and says so");
        }
        const locked = await planFor(stackConfig("azure", "dev", { [`${ns}:lake`]: { lockDays: 3 } }));
        assert.deepStrictEqual((one(locked, T.account, "lake").inputs.immutableStorageWithVersioning as any).immutabilityPolicy.immutabilityPeriodSinceCreationInDays, 3);
        const err = configError({ [`${ns}:lake`]: { ...lake, lockMode: "compliance" } });
        assert.strictEqual(err.key, `${ns}:lake.lockMode`);
        assert.match(err.message, /^invalid config ai-data-platform:lake\.lockMode: got "compliance"; allowed: governance on azure \(Azure creates .* Unlocked only/);
    });

    it("replicates the lake's container to the replica in the backup region: the policy on the destination first, then on the source with its ids", () => {
        const lakeAccount = one(prod, T.account, "lake");
        const replica = one(prod, T.account, "replica");
        assert.notStrictEqual(lakeAccount.inputs.location, replica.inputs.location);
        const destination = one(prod, T.replication, "lake-to-replica-destination");
        const source = one(prod, T.replication, "lake-to-replica");
        assert.deepStrictEqual([destination.propertyDependencies.accountName, locationOf(prod, destination)], [[replica.urn], "centralus"]);
        assert.deepStrictEqual([source.propertyDependencies.accountName, locationOf(prod, source)], [[lakeAccount.urn], "eastus2"]);
        assert.strictEqual(destination.inputs.objectReplicationPolicyId, "default");
        assert.deepStrictEqual(source.propertyDependencies.objectReplicationPolicyId, [destination.urn]);
        assert.deepStrictEqual(source.propertyDependencies.rules, [destination.urn], "the source takes the rule ids Azure gave the destination");
        const accountId = (a: RecordedResource) =>
            `/subscriptions/${offlineAccount.azureSubscriptionId}/resourceGroups/${a.inputs.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${a.inputs.accountName}`;
        for (const policy of [destination, source]) {
            assert.deepStrictEqual([policy.inputs.sourceAccount, policy.inputs.destinationAccount], [accountId(lakeAccount), accountId(replica)]);
            assert.deepStrictEqual(policy.inputs.metrics, { enabled: true });
        }
        assert.deepStrictEqual(destination.inputs.rules, [{ sourceContainer: "lake", destinationContainer: "lake", filters: { minCreationTime: "1601-01-01T00:00:00Z" } }]);
        const replicaService = dependents(prod, replica, T.blobService, "accountName")[0];
        assert.ok(destination.dependencies.includes(replicaService.urn), "the destination is versioned before the policy");
        assert.strictEqual(prod.outputs.replicaRegion, "centralus");
        assert.deepStrictEqual([prod.outputs.recoveryPointObjectiveMinutes, prod.outputs.recoveryPointObjectiveBasis], [60, "best-effort"], "object replication states no bound");
    });

    it("keeps backups at least retentionDays in both regions: each account's versions and soft-deleted data, and refuses longer", () => {
        assert.strictEqual(prod.outputs.backupRetentionDays, 45);
        assert.deepStrictEqual(prod.outputs.backupVaultIds, [], "no Backup vault can protect an object-replicated container");
        for (const name of ["lake", "replica"]) {
            const account = one(prod, T.account, name);
            const svc = dependents(prod, account, T.blobService, "accountName")[0].inputs as any;
            assert.ok(svc.deleteRetentionPolicy.days >= 45 && svc.containerDeleteRetentionPolicy.days >= 45, `${name} keeps deleted data 45 days or more`);
            const versionDays = (dependents(prod, account, T.lifecycle, "accountName")[0].inputs.policy as any).rules[0].definition.actions.version.delete.daysAfterCreationGreaterThan;
            assert.ok(versionDays >= 45);
        }
        const short = configError({ [`${ns}:lake`]: { ...lake, noncurrentVersionDays: 50 }, [`${ns}:backup`]: { retentionDays: 60 } }, "dev");
        assert.strictEqual(short.key, `${ns}:backup.retentionDays`);
        assert.match(short.message, /got 60; allowed: 50 or fewer on azure .*lake\.noncurrentVersionDays \(50\)/);
        const long = configError({ [`${ns}:lake`]: { ...lake, noncurrentVersionDays: 400 }, [`${ns}:backup`]: { retentionDays: 366 } });
        assert.match(long.message, /got 366; allowed: 365 or fewer on azure/);
    });

    it("refuses a lock longer than Azure's 146,000 days and, in prod, regions without zone-redundant storage", () => {
        const lock = configError({ [`${ns}:lake`]: { ...lake, lockDays: 146_001, noncurrentVersionDays: 146_001 } });
        assert.strictEqual(lock.key, `${ns}:lake.lockDays`);
        assert.match(lock.message, /got 146001; allowed: 146000 or fewer on azure/);
        const region = configError({ [`${ns}:region`]: "westus" });
        assert.strictEqual(region.key, `${ns}:region`);
        assert.match(region.message, /got "westus"; allowed: on azure in prod, a region with zone-redundant storage .*eastus2/);
        const backupRegion = configError({ [`${ns}:backupRegion`]: "northcentralus" });
        assert.strictEqual(backupRegion.key, `${ns}:backupRegion`);
        const flat = flatConfig(stackConfig("azure", "dev", { [`${ns}:region`]: "westus" }));
        assert.throws(() => parsePlatformConfig(flat, { project: ns, stack: "dev" }), /got "westus"; allowed: on azure, a region with availability zones/, "dev needs zones too: AKS spreads its pools over them");
    });

    it("prod retains every data-bearing resource and what keeps it readable; dev retains nothing", () => {
        const dataBearing = (r: PlanResult) => r.resources.filter((x) => [T.group, T.account, T.container, T.vault, T.key].includes(x.type));
        assert.strictEqual(dataBearing(prod).length, 17, "issue 3's twelve, the network, cluster and two stream groups, and the cluster's secrets key");
        assert.deepStrictEqual(dataBearing(prod).filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        // Identities and grants of the data (lake, replica, keys) stay with it; the cluster's go with the cluster.
        const underCluster = (x: { parent?: string }) => x.parent?.includes("ai-data-platform:kubernetes:") === true;
        const keepsReadable = [...ofType(prod, T.identity), ...ofType(prod, T.role), ...ofType(prod, T.replication)].filter((x) => !underCluster(x) && !underCluster(prod.resources.find((p) => p.urn === x.parent) ?? {}));
        assert.deepStrictEqual(keepsReadable.filter((x) => !x.retainOnDelete).map((x) => x.urn), []);
        assert.deepStrictEqual(dev.resources.filter((x) => x.retainOnDelete).map((x) => x.urn), []);
        assert.deepStrictEqual(ofType(prod, T.group).map((g) => g.inputs.resourceGroupName).sort(), [
            "adp-test-keys-centralus",
            "adp-test-keys-eastus2",
            "adp-test-kubernetes-eastus2",
            "adp-test-lake-eastus2",
            "adp-test-network-eastus2",
            "adp-test-replica-centralus",
            "adp-test-stream-centralus",
            "adp-test-stream-eastus2",
        ]);
    });
});
