import * as dataprotection from "@pulumi/azure-native/dataprotection";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { Provider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import type * as inputs from "@pulumi/azure-native/types/input";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { evaluateFixture } from "../support/fixtures";
import { assertCantRun } from "./azure-preview";

// Each policy against a violating and a compliant Azure setup, through the same offline preview and
// analyzer as `npm run plan`. The setups are small programs with the real azure-native classes; a
// compliant account is one of a replicated pair, so that only the setting a test changes can make
// the policy under test speak.

const rg = "fixture-rg";

interface AccountSpec {
    readonly provider: Provider;
    readonly location: string;
    readonly sku?: string;
    readonly encryption?: "cmk" | "microsoft-managed";
    readonly allowBlobPublicAccess?: boolean;
    readonly allowSharedKeyAccess?: boolean | "unset";
    readonly https?: boolean;
    readonly minimumTlsVersion?: "TLS1_0" | "TLS1_2" | "unset";
    /** `none`: no BlobServiceProperties at all. */
    readonly versioning?: boolean | "none";
    readonly softDeleteDays?: number;
    /** `prefix`: the rule's prefix filter, stated as `[]` when absent (as the platform does); `unset` leaves it out. */
    readonly lifecycle?: { cool?: number; cold?: number; archive?: number; versions?: number; prefix?: string | "unset" } | "none";
    /** `none`: immutability stated off, as the platform does without a lock; `unset`: left out. */
    readonly lock?: { days: number; state: "Unlocked" | "Locked" | "Disabled" } | "none" | "unset";
    readonly opts?: pulumi.CustomResourceOptions;
}

const compliant: Omit<AccountSpec, "provider" | "location"> = {
    encryption: "cmk",
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    https: true,
    minimumTlsVersion: "TLS1_2",
    versioning: true,
    softDeleteDays: 35,
    lifecycle: { cool: 30, cold: 90, versions: 365 },
    lock: { days: 30, state: "Unlocked" },
};

const provider = (location: string) => new Provider(location, { location });

function rotatedKey(
    name: string,
    p: Provider,
    rotationPolicy: inputs.keyvault.RotationPolicyArgs = { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P365D" } }] },
): keyvault.Key {
    return new keyvault.Key(name, { keyName: name, vaultName: "fixture-kv", resourceGroupName: rg, properties: { kty: "RSA", keySize: 3072, rotationPolicy } }, { provider: p });
}

function account(name: string, spec: AccountSpec): storage.StorageAccount {
    const s = { ...compliant, ...spec };
    const opts = { provider: s.provider };
    const key = s.encryption === "cmk" ? rotatedKey(`${name}-key`, s.provider) : undefined;
    const lock = s.lock === "none" || s.lock === "unset" ? undefined : s.lock!;
    const a = new storage.StorageAccount(
        name,
        {
            accountName: `${name}fixture`,
            resourceGroupName: rg,
            location: s.location,
            kind: "StorageV2",
            sku: { name: s.sku ?? "Standard_LRS" },
            allowBlobPublicAccess: s.allowBlobPublicAccess,
            ...(s.allowSharedKeyAccess === "unset" ? {} : { allowSharedKeyAccess: s.allowSharedKeyAccess }),
            enableHttpsTrafficOnly: s.https,
            ...(s.minimumTlsVersion === "unset" ? {} : { minimumTlsVersion: s.minimumTlsVersion }),
            encryption: key
                ? { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: key.name, keyVaultUri: "https://fixture-kv.vault.azure.net" } }
                : { keySource: "Microsoft.Storage" },
            ...(s.lock === "unset"
                ? {}
                : { immutableStorageWithVersioning: lock ? { enabled: true, immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: lock.days, state: lock.state } } : { enabled: false } }),
        },
        { ...opts, ...s.opts },
    );
    if (s.versioning !== "none") {
        new storage.BlobServiceProperties(
            name,
            {
                accountName: a.name,
                resourceGroupName: rg,
                isVersioningEnabled: s.versioning,
                changeFeed: { enabled: true },
                deleteRetentionPolicy: { enabled: true, days: s.softDeleteDays },
                containerDeleteRetentionPolicy: { enabled: true, days: s.softDeleteDays },
            },
            opts,
        );
    }
    if (s.lifecycle !== "none") {
        const l = s.lifecycle!;
        const after = (days?: number) => (days === undefined ? undefined : { daysAfterModificationGreaterThan: days });
        new storage.ManagementPolicy(
            name,
            {
                accountName: a.name,
                resourceGroupName: rg,
                managementPolicyName: "default",
                policy: {
                    rules: [
                        {
                            name: "rule",
                            enabled: true,
                            type: "Lifecycle",
                            definition: {
                                filters: { blobTypes: ["blockBlob"], ...(l.prefix === "unset" ? {} : { prefixMatch: l.prefix ? [l.prefix] : [] }) },
                                actions: {
                                    baseBlob: { tierToCool: after(l.cool), tierToCold: after(l.cold), tierToArchive: after(l.archive) },
                                    ...(l.versions ? { version: { delete: { daysAfterCreationGreaterThan: l.versions } } } : {}),
                                },
                            },
                        },
                    ],
                },
            },
            opts,
        );
    }
    return a;
}

/** Object replication as Azure wants it: the policy on the destination, then (unless left out) on the source. */
function replicate(name: string, source: storage.StorageAccount, target: storage.StorageAccount, providers: { source: Provider; target: Provider }, sourceHalf = true): void {
    const rules = [{ sourceContainer: "data", destinationContainer: "data" }];
    const destination = new storage.ObjectReplicationPolicy(
        `${name}-destination`,
        { accountName: target.name, resourceGroupName: rg, objectReplicationPolicyId: "default", sourceAccount: source.id, destinationAccount: target.id, rules },
        { provider: providers.target },
    );
    if (sourceHalf) {
        new storage.ObjectReplicationPolicy(
            name,
            {
                accountName: source.name,
                resourceGroupName: rg,
                objectReplicationPolicyId: destination.policyId,
                sourceAccount: source.id,
                destinationAccount: target.id,
                rules: destination.rules.apply((given) => (given ?? []).map((r) => ({ ruleId: r.ruleId, sourceContainer: r.sourceContainer, destinationContainer: r.destinationContainer }))),
            },
            { provider: providers.source },
        );
    }
}

function replicatedPair(lakeSpec: Partial<Omit<AccountSpec, "provider" | "location">> = {}) {
    const east = provider("eastus2");
    const central = provider("centralus");
    const lake = account("lake", { provider: east, location: "eastus2", ...lakeSpec });
    const replica = account("replica", { provider: central, location: "centralus" });
    replicate("lake", lake, replica, { source: east, target: central });
}

const lakeUrn = (r: { resources: { urn: string; type: string; name: string }[] }) =>
    r.resources.find((x) => x.type === "azure-native:storage:StorageAccount" && x.name === "lake")!.urn;

function backupVault(name: string, p: Provider, key?: keyvault.Key, opts: pulumi.CustomResourceOptions = {}): dataprotection.BackupVault {
    return new dataprotection.BackupVault(
        name,
        {
            resourceGroupName: rg,
            location: "eastus2",
            identity: { type: "SystemAssigned" },
            properties: {
                storageSettings: [{ datastoreType: "VaultStore", type: "LocallyRedundant" }],
                ...(key
                    ? { securitySettings: { encryptionSettings: { state: "Enabled", keyVaultProperties: { keyUri: key.keyUri }, kekIdentity: { identityType: "SystemAssigned" } } } }
                    : {}),
            },
        },
        { provider: p, ...opts },
    );
}

describe("policies on Azure", () => {
    it("a fully protected, replicated pair of storage accounts passes every storage policy, each judging it on a first preview", async () => {
        const r = await evaluateFixture(() => replicatedPair());
        assert.deepStrictEqual(r.violations.filter((v) => v.policy.startsWith("storage-")), []);
        for (const policy of ["storage-versioning", "storage-lifecycle-tiering", "storage-default-immutability", "storage-cross-region-replica", "storage-encryption-cmk"]) {
            assert.ok(r.evaluated.includes(policy), `${policy} ran`);
        }
    });

    describe("storage-encryption-cmk", () => {
        it("flags an account encrypted with Microsoft-managed keys and a backup vault without a customer-managed key", async () => {
            const r = await evaluateFixture(() => {
                replicatedPair({ encryption: "microsoft-managed" });
                backupVault("vault", provider("eastus"));
            });
            const violations = r.of("storage-encryption-cmk");
            assert.deepStrictEqual(violations.map((v) => v.detail.split(" (")[0]).sort(), [
                'azure-native:dataprotection:BackupVault "vault"',
                'azure-native:storage:StorageAccount "lake"',
            ]);
            assert.strictEqual(violations.find((v) => v.message.includes("StorageAccount"))!.urn, lakeUrn(r));
            assert.match(violations[0].message, /cloud-managed key/);
            assert.strictEqual(violations[0].level, "mandatory");
        });
        it("passes an account and a backup vault encrypted with a Key Vault key of the program, whose URI is unknown during the preview", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("eastus");
                replicatedPair();
                backupVault("vault", p, rotatedKey("vault-key", p));
            });
            assert.deepStrictEqual(r.of("storage-encryption-cmk"), []);
        });
        it("reports, as the CLI does, that it cannot run when the key is a value unknown during the preview and not a Key Vault key", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("eastus2");
                const vault = new keyvault.Vault("kv", { resourceGroupName: rg, properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, { provider: p });
                new storage.StorageAccount(
                    "odd",
                    {
                        resourceGroupName: rg,
                        kind: "StorageV2",
                        sku: { name: "Standard_LRS" },
                        encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: "k", keyVaultUri: pulumi.interpolate`https://${vault.id}` } },
                    },
                    { provider: p },
                );
            });
            const [v] = r.of("storage-encryption-cmk");
            assert.strictEqual(v.level, "advisory");
            assert.match(v.message, /can't run policy 'storage-encryption-cmk' .* during preview: .*\.encryption/);
        });
    });

    describe("kms-key-rotation", () => {
        it("flags a key without a rotation policy, one rotated too rarely, and one rotated too close to a distant expiry", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("eastus2");
                new keyvault.Key("never", { vaultName: "kv", resourceGroupName: rg, properties: { kty: "RSA" } }, { provider: p });
                rotatedKey("rarely", p, { lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeAfterCreate: "P730D" } }] });
                rotatedKey("late", p, { attributes: { expiryTime: "P2Y" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }] });
                rotatedKey("notify-only", p, { attributes: { expiryTime: "P1Y" }, lifetimeActions: [{ action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } }] });
            });
            assert.deepStrictEqual(r.of("kms-key-rotation").map((v) => v.detail).sort(), [
                'azure-native:keyvault:Key "late" rotates every 700 days (at most 365).',
                'azure-native:keyvault:Key "never" does not rotate automatically.',
                'azure-native:keyvault:Key "notify-only" does not rotate automatically.',
                'azure-native:keyvault:Key "rarely" rotates every 730 days (at most 365).',
            ]);
        });
        it("passes a key rotated yearly, after creation or before expiry, and honours maxRotationDays", async () => {
            const r = await evaluateFixture(() => {
                const p = provider("eastus2");
                rotatedKey("yearly", p);
                rotatedKey("before-expiry", p, { attributes: { expiryTime: "P13M" }, lifetimeActions: [{ action: { type: "rotate" }, trigger: { timeBeforeExpiry: "P30D" } }] });
            });
            assert.deepStrictEqual(r.of("kms-key-rotation"), []);
            const strict = await evaluateFixture(() => rotatedKey("yearly", provider("eastus2")), { policyConfig: { "kms-key-rotation": { maxRotationDays: 180 } } });
            assert.match(strict.of("kms-key-rotation")[0].message, /rotates every 365 days \(at most 180\)/);
        });
    });

    describe("storage-versioning", () => {
        for (const versioning of ["none", false] as const) {
            it(`flags an account whose blob versioning is ${versioning === "none" ? "never configured" : "off"}`, async () => {
                const r = await evaluateFixture(() => replicatedPair({ versioning, lock: "none" }));
                const [v] = r.of("storage-versioning");
                assert.strictEqual(v?.urn, lakeUrn(r));
                assert.match(v.message, /does not keep object versions/);
            });
        }
        it("passes versioning on in the blob service, and version-level immutability, which turns versioning on by itself", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-versioning"), []);
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair({ versioning: "none" }))).of("storage-versioning"), []);
        });
        it("reads the blob service before the account's immutability setting, which only an account without versioning there depends on", async () => {
            const r = await evaluateFixture(() => replicatedPair({ lock: "unset" }));
            assert.deepStrictEqual(r.of("storage-versioning"), []);
            assertCantRun(await evaluateFixture(() => replicatedPair({ versioning: "none", lock: "unset" })), "storage-versioning", ".immutableStorageWithVersioning");
        });
    });

    describe("storage-public-access-blocked", () => {
        it("flags anonymous blob access and Shared Key left on", async () => {
            const r = await evaluateFixture(() => replicatedPair({ allowBlobPublicAccess: true, allowSharedKeyAccess: true }));
            const [v] = r.of("storage-public-access-blocked");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /allowBlobPublicAccess is true; allowSharedKeyAccess is not false/);
            const sharedKey = await evaluateFixture(() => replicatedPair({ allowSharedKeyAccess: true }));
            assert.match(sharedKey.of("storage-public-access-blocked")[0].message, /: allowSharedKeyAccess is not false\.$/);
        });
        it("cannot judge Shared Key left out on a first preview (Azure then leaves it on; the platform states false)", async () => {
            assertCantRun(await evaluateFixture(() => replicatedPair({ allowSharedKeyAccess: "unset" })), "storage-public-access-blocked", ".allowSharedKeyAccess");
        });
        it("passes an account with both turned off", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-public-access-blocked"), []);
        });
    });

    describe("storage-secure-transport", () => {
        it("flags plain HTTP allowed, and TLS 1.0 accepted", async () => {
            const http = await evaluateFixture(() => replicatedPair({ https: false }));
            const [v] = http.of("storage-secure-transport");
            assert.strictEqual(v.urn, lakeUrn(http));
            assert.match(v.message, /plain HTTP is not refused/);
            const oldTls = await evaluateFixture(() => replicatedPair({ minimumTlsVersion: "TLS1_0" }));
            const [t] = oldTls.of("storage-secure-transport");
            assert.doesNotMatch(t.detail, /plain HTTP/);
            assert.match(t.message, /TLS older than 1\.2 is accepted \(minimum is 1\.0\)/);
        });
        it("cannot judge the minimum TLS version left out on a first preview (Azure's default, 1.0, once deployed)", async () => {
            assertCantRun(await evaluateFixture(() => replicatedPair({ minimumTlsVersion: "unset" })), "storage-secure-transport", ".minimumTlsVersion");
        });
        it("passes HTTPS only with TLS1_2, and applies a stricter minTlsVersion", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-secure-transport"), []);
            const strict = await evaluateFixture(() => replicatedPair(), { policyConfig: { "storage-secure-transport": { minTlsVersion: "1.3" } } });
            assert.match(strict.of("storage-secure-transport").find((v) => v.urn === lakeUrn(strict))!.message, /TLS older than 1\.3 is accepted \(minimum is 1\.2\)/);
        });
    });

    describe("storage-lifecycle-tiering", () => {
        it("flags an account with no management policy; uncommitted blocks are Azure's to clean up", async () => {
            const r = await evaluateFixture(() => replicatedPair({ lifecycle: "none" }));
            const [v] = r.of("storage-lifecycle-tiering");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /nothing moves to an infrequent-access class; nothing moves to an archive class; superseded versions never expire\.$/);
            assert.doesNotMatch(v.detail, /incomplete uploads/);
        });
        it("does not count a rule limited to a prefix, and flags tiering later than the thresholds", async () => {
            const prefixed = await evaluateFixture(() => replicatedPair({ lifecycle: { cool: 30, cold: 90, versions: 30, prefix: "tmp/" } }));
            assert.match(prefixed.of("storage-lifecycle-tiering")[0].message, /nothing moves to an infrequent-access class/);
            const late = await evaluateFixture(() => replicatedPair({ lifecycle: { cool: 120, archive: 400, versions: 30 } }));
            assert.match(late.of("storage-lifecycle-tiering")[0].message, /after 120 days \(at most 90\).*after 400 days \(at most 365\)/);
        });
        it("passes Cool after 30 and Cold (or Archive) after 90 days with version expiry, the actions and blob index filter it leaves out read as absent", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-lifecycle-tiering"), []);
            const archive = await evaluateFixture(() => replicatedPair({ lifecycle: { cool: 30, archive: 90, versions: 365 } }));
            assert.deepStrictEqual(archive.of("storage-lifecycle-tiering"), []);
        });
        it("cannot judge a rule that leaves its prefix filter out on a first preview (the platform states [], as Azure reports it)", async () => {
            const r = await evaluateFixture(() => replicatedPair({ lifecycle: { cool: 30, cold: 90, versions: 365, prefix: "unset" } }));
            assertCantRun(r, "storage-lifecycle-tiering", ".policy.rules.0.definition.filters.prefixMatch");
        });
    });

    describe("storage-default-immutability", () => {
        it("flags a default lock shorter than minLockDays, none at all, and a disabled one", async () => {
            const short = await evaluateFixture(() => replicatedPair({ lock: { days: 7, state: "Unlocked" } }));
            const [v] = short.of("storage-default-immutability");
            assert.strictEqual(v.urn, lakeUrn(short));
            assert.match(v.message, /locks new versions for 7 days \(at least 30 required\)/);
            const none = await evaluateFixture(() => replicatedPair({ lock: "none" }));
            assert.match(none.of("storage-default-immutability")[0].message, /has no default immutability/);
            const disabled = await evaluateFixture(() => replicatedPair({ lock: { days: 30, state: "Disabled" } }));
            assert.match(disabled.of("storage-default-immutability")[0].message, /has no default immutability/);
        });
        it("cannot judge an account that leaves the setting out on a first preview (the platform states enabled false without a lock)", async () => {
            assertCantRun(await evaluateFixture(() => replicatedPair({ lock: "unset" })), "storage-default-immutability", ".immutableStorageWithVersioning");
        });
        it("passes a 30-day lock, Unlocked or Locked, and accepts none where minLockDays is 0 (dev)", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-default-immutability"), []);
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair({ lock: { days: 30, state: "Locked" } }))).of("storage-default-immutability"), []);
            const dev = await evaluateFixture(() => replicatedPair({ lock: "none" }), { policyConfig: { "storage-default-immutability": { minLockDays: 0 } } });
            assert.deepStrictEqual(dev.of("storage-default-immutability"), []);
        });
    });

    describe("storage-cross-region-replica", () => {
        it("flags an account that is not replicated", async () => {
            const r = await evaluateFixture(() => account("lake", { provider: provider("eastus2"), location: "eastus2" }));
            const [v] = r.of("storage-cross-region-replica");
            assert.strictEqual(v.urn, lakeUrn(r));
            assert.match(v.message, /is not replicated to another region/);
        });
        it("flags replication into the same region, and a policy only on the destination (which copies nothing)", async () => {
            const same = await evaluateFixture(() => {
                const east = provider("eastus2");
                replicate("lake", account("lake", { provider: east, location: "eastus2" }), account("replica", { provider: east, location: "eastus2" }), { source: east, target: east });
            });
            const [v] = same.of("storage-cross-region-replica");
            assert.strictEqual(v.urn, lakeUrn(same));
            assert.match(v.message, /replicated only within its own region \(eastus2\)/);
            const half = await evaluateFixture(() => {
                const east = provider("eastus2");
                const central = provider("centralus");
                replicate("lake", account("lake", { provider: east, location: "eastus2" }), account("replica", { provider: central, location: "centralus" }), { source: east, target: central }, false);
            });
            assert.strictEqual(half.of("storage-cross-region-replica").length, 2, "neither account is a replica until the source half exists");
        });
        it("passes an account replicated to another region, found through outputs; the replica needs no replica", async () => {
            assert.deepStrictEqual((await evaluateFixture(() => replicatedPair())).of("storage-cross-region-replica"), []);
        });
        it("counts a geo-redundant account as replicated to its region's pair, with no second account", async () => {
            for (const sku of ["Standard_RAGZRS", "Standard_RAGRS", "Standard_GZRS", "Standard_GRS"]) {
                const r = await evaluateFixture(() => account("lake", { provider: provider("eastus2"), location: "eastus2", sku }));
                assert.deepStrictEqual(r.of("storage-cross-region-replica"), [], sku);
                assert.ok(r.evaluated.includes("storage-cross-region-replica"), "judged on a first preview");
            }
        });
        it("flags a locally or zone-redundant account, and a geo-redundant SKU in a region without a pair", async () => {
            for (const sku of ["Standard_LRS", "Standard_ZRS"]) {
                const r = await evaluateFixture(() => account("lake", { provider: provider("eastus2"), location: "eastus2", sku }));
                assert.match(r.of("storage-cross-region-replica")[0]?.message ?? "", /StorageAccount "lake" is not replicated to another region/, sku);
            }
            const unpaired = await evaluateFixture(() => account("lake", { provider: provider("italynorth"), location: "italynorth", sku: "Standard_GRS" }));
            assert.match(unpaired.of("storage-cross-region-replica")[0].message, /is replicated only within its own region \(italynorth\)/);
        });
        // Under the CLI a stack policy gets outputs: an account's name is a path parameter (in no output)
        // and its `name` output is unknown until the account exists.
        it("cannot match accounts named as text on a first preview, and does not count a policy whose own account is named as text", async () => {
            const id = (n: string) => `/subscriptions/s/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${n}`;
            const rules = [{ ruleId: "r", sourceContainer: "data", destinationContainer: "data" }];
            const byName = await evaluateFixture(() => {
                const east = provider("East US 2");
                const lake = account("lake", { provider: east, location: "East US 2" });
                account("replica", { provider: provider("Central US"), location: "Central US" });
                new storage.ObjectReplicationPolicy(
                    "lake",
                    { accountName: lake.name, resourceGroupName: rg, objectReplicationPolicyId: "0b1c", sourceAccount: id("lakefixture"), destinationAccount: id("replicafixture"), rules },
                    { provider: east },
                );
            });
            assertCantRun(byName, "storage-cross-region-replica", ".name");
            const ownAccountAsText = await evaluateFixture(() => {
                const east = provider("eastus2");
                const lake = account("lake", { provider: east, location: "eastus2" });
                const replica = account("replica", { provider: provider("centralus"), location: "centralus" });
                new storage.ObjectReplicationPolicy(
                    "lake",
                    { accountName: "lakefixture", resourceGroupName: rg, objectReplicationPolicyId: "0b1c", sourceAccount: lake.id, destinationAccount: replica.id, rules },
                    { provider: east },
                );
            });
            assert.deepStrictEqual(ownAccountAsText.of("storage-cross-region-replica").map((v) => v.detail).sort(), [
                'azure-native:storage:StorageAccount "lake" is not replicated to another region.',
                'azure-native:storage:StorageAccount "replica" is not replicated to another region.',
            ]);
        });
    });

    describe("backup-retention", () => {
        const policy = (duration: string, store: "VaultStore" | "OperationalStore" = "VaultStore") => () =>
            new dataprotection.BackupPolicy(
                "blobs",
                {
                    resourceGroupName: rg,
                    vaultName: "vault",
                    properties: {
                        objectType: "BackupPolicy",
                        datasourceTypes: ["Microsoft.Storage/storageAccounts/blobServices"],
                        policyRules: [
                            {
                                objectType: "AzureBackupRule",
                                name: "BackupDaily",
                                dataStore: { dataStoreType: store, objectType: "DataStoreInfoBase" },
                                backupParameters: { objectType: "AzureBackupParams", backupType: "Discrete" },
                                trigger: {
                                    objectType: "ScheduleBasedTriggerContext",
                                    schedule: { repeatingTimeIntervals: ["R/2025-01-01T02:00:00+00:00/P1D"], timeZone: "UTC" },
                                    taggingCriteria: [{ isDefault: true, tagInfo: { tagName: "Default" }, taggingPriority: 99 }],
                                },
                            },
                            {
                                objectType: "AzureRetentionRule",
                                name: "Default",
                                isDefault: true,
                                lifecycles: [{ deleteAfter: { objectType: "AbsoluteDeleteOption", duration }, sourceDataStore: { dataStoreType: store, objectType: "DataStoreInfoBase" } }],
                            },
                        ],
                    },
                },
                { provider: provider("eastus2") },
            );
        it("flags an Azure Backup retention rule kept fewer days than required; soft delete is not a backup and is not judged", async () => {
            const r = await evaluateFixture(policy("P7D"));
            assert.deepStrictEqual(r.of("backup-retention").map((v) => v.detail), [
                'azure-native:dataprotection:BackupPolicy "blobs": retention rule Default (VaultStore) keeps backups 7 days (at least 35 required).',
            ]);
            const soft = await evaluateFixture(() => replicatedPair({ softDeleteDays: 14 }));
            assert.deepStrictEqual(soft.of("backup-retention"), []);
        });
        it("passes 35 days, follows minBackupRetentionDays, and accepts backups at Azure's caps (operational 360 days, vaulted 10 years)", async () => {
            assert.deepStrictEqual((await evaluateFixture(policy("P35D"))).of("backup-retention"), []);
            const vaultCap = await evaluateFixture(policy("P3650D"), { policyConfig: { "backup-retention": { minBackupRetentionDays: 4000 } } });
            assert.deepStrictEqual(vaultCap.of("backup-retention"), []);
            const dev = await evaluateFixture(policy("P7D"), { policyConfig: { "backup-retention": { minBackupRetentionDays: 7 } } });
            assert.deepStrictEqual(dev.of("backup-retention"), []);
            const capped = await evaluateFixture(policy("P360D", "OperationalStore"), { policyConfig: { "backup-retention": { minBackupRetentionDays: 400 } } });
            assert.deepStrictEqual(capped.of("backup-retention"), []);
            const uncapped = await evaluateFixture(policy("P360D"), { policyConfig: { "backup-retention": { minBackupRetentionDays: 400 } } });
            assert.match(uncapped.of("backup-retention")[0].message, /keeps backups 360 days \(at least 400 required\)/);
        });
    });

    describe("data-retained-on-delete", () => {
        const dataBearing = (opts: pulumi.CustomResourceOptions) => () => {
            const p = provider("eastus2");
            const all = { provider: p, ...opts };
            new resources.ResourceGroup("group", { resourceGroupName: rg, location: "eastus2" }, all);
            const a = new storage.StorageAccount("lake", { resourceGroupName: rg, kind: "StorageV2", sku: { name: "Standard_LRS" } }, all);
            new storage.BlobContainer("lake", { accountName: a.name, resourceGroupName: rg }, all);
            new keyvault.Vault("kv", { resourceGroupName: rg, properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, all);
            new keyvault.Key("key", { vaultName: "kv", resourceGroupName: rg, properties: { kty: "RSA" } }, all);
            const v = backupVault("vault", p, undefined, opts);
            // Deleting a backup instance deletes its recovery points.
            new dataprotection.BackupInstance(
                "lake",
                { resourceGroupName: rg, vaultName: v.name, properties: { objectType: "BackupInstance", dataSourceInfo: { resourceID: a.id }, policyInfo: { policyId: "p" } } },
                all,
            );
            new managedidentity.UserAssignedIdentity("not-data", { resourceGroupName: rg }, { provider: p });
        };
        it("flags data-bearing resources that would be deleted with the program", async () => {
            const r = await evaluateFixture(dataBearing({}));
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.detail.split(" would")[0]).sort(), [
                'azure-native:dataprotection:BackupInstance "lake"',
                'azure-native:dataprotection:BackupVault "vault"',
                'azure-native:keyvault:Key "key"',
                'azure-native:keyvault:Vault "kv"',
                'azure-native:resources:ResourceGroup "group"',
                'azure-native:storage:BlobContainer "lake"',
                'azure-native:storage:StorageAccount "lake"',
            ]);
        });
        it("passes them with retainOnDelete or protect", async () => {
            assert.deepStrictEqual((await evaluateFixture(dataBearing({ retainOnDelete: true }))).of("data-retained-on-delete"), []);
            assert.deepStrictEqual((await evaluateFixture(dataBearing({ protect: true }))).of("data-retained-on-delete"), []);
        });
        it("reports itself not applicable where, as under the Pulumi CLI, retainOnDelete is not passed to the pack", async () => {
            const r = await evaluateFixture(dataBearing({}), { asCli: true });
            assert.deepStrictEqual(r.of("data-retained-on-delete"), []);
            assert.ok(r.notApplicable.some((n) => n.policy === "data-retained-on-delete" && /does not pass retainOnDelete/.test(n.reason ?? "")));
        });
    });
});
