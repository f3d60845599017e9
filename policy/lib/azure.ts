import { databaseTypes } from "./airflow";
import { PolicyResource } from "@pulumi/policy";
import { leftOut } from "./azure-left-out";
import { azureRegionPairs, geoRedundantStorageSkus } from "./azure-regions";
import { azureKeys, customerKeyIn } from "./keys";
import { ResourceIndex } from "./resource-index";
import { asArray, durationDays, minDefined, regionName } from "./values";
import { BackupRuleView, CloudAdapter, DataStoreView, DefaultLock, KeyView, Lifecycle, ObjectStoreView, ReplicationEdge, Transport } from "./views";

// azure-native type tokens, as each resource class declares them (`__pulumiType`).
const t = {
    group: "azure-native:resources:ResourceGroup",
    account: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    container: "azure-native:storage:BlobContainer",
    lifecycle: "azure-native:storage:ManagementPolicy",
    replication: "azure-native:storage:ObjectReplicationPolicy",
    vault: "azure-native:keyvault:Vault",
    key: "azure-native:keyvault:Key",
    backupVault: "azure-native:dataprotection:BackupVault",
    backupPolicy: "azure-native:dataprotection:BackupPolicy",
    backupInstance: "azure-native:dataprotection:BackupInstance",
};

/** Operational backups of blobs are kept 360 days at most. https://learn.microsoft.com/azure/backup/blob-backup-overview */
const operationalBlobBackupMaxDays = 360;
/**
 * Vaulted backups are kept 10 years at most (3,650 daily recovery points).
 * https://learn.microsoft.com/azure/backup/azure-data-lake-storage-backup-support-matrix#retention-limits
 */
const vaultedBackupMaxDays = 3650;
const maxRetentionOf: Readonly<Record<string, number>> = { OperationalStore: operationalBlobBackupMaxDays, VaultStore: vaultedBackupMaxDays };

const tlsVersions: Readonly<Record<string, string>> = { TLS1_0: "1.0", TLS1_1: "1.1", TLS1_2: "1.2", TLS1_3: "1.3" };

export const azureAdapter: CloudAdapter = {
    cloud: "azure",
    objectStores: (index) => index.ofType(t.account).map((account) => accountView(index, account)),
    otherDataStores: (index) =>
        index.ofType(t.backupVault).map<DataStoreView>((vault) => ({
            cloud: "azure",
            resource: vault,
            kind: "backup vault",
            encryptionKey: () => {
                // A vault gets platform-managed keys by leaving its encryption settings out.
                const state = leftOut(vault, "properties", () => vault.props.properties?.securitySettings?.encryptionSettings?.state);
                if (String(state ?? "").toLowerCase() !== "enabled") {
                    return undefined;
                }
                return customerKeyIn(vault, "properties", azureKeys, () => vault.props.properties.securitySettings.encryptionSettings.keyVaultProperties?.keyUri);
            },
        })),
    replicationEdges: (index) => [...geoRedundancyEdges(index), ...objectReplicationEdges(index)],
    keys: {
        [t.key]: (props) => keyView(props),
    },
    backupPlans: {
        [t.backupPolicy]: (props) =>
            asArray(props.properties?.policyRules)
                .filter((rule) => rule.objectType === "AzureRetentionRule")
                .flatMap<BackupRuleView>((rule) =>
                    asArray(rule.lifecycles).map((lifecycle) => {
                        const store = String(lifecycle.sourceDataStore?.dataStoreType ?? "");
                        const cap = maxRetentionOf[store];
                        return {
                            name: `retention rule ${rule.name} (${store || "store unstated"})`,
                            retentionDays: durationDays(lifecycle.deleteAfter?.duration),
                            ...(cap ? { maxRetentionDays: cap } : {}),
                        };
                    }),
                ),
    },
    dataBearingTypes: [t.group, t.account, t.container, t.vault, t.key, t.backupVault, t.backupInstance, databaseTypes.flexibleServer],
};

/**
 * A geo-redundant account (GRS, GZRS and their read-access forms) keeps a copy of itself in its
 * region's pair: no second resource, so the edge leads from the account to itself, with the pair as
 * the copy's region. https://learn.microsoft.com/azure/storage/common/storage-redundancy
 */
function geoRedundancyEdges(index: ResourceIndex): ReplicationEdge[] {
    return index
        .ofType(t.account)
        .filter((account) => geoRedundantStorageSkus.includes(String(account.props.sku?.name)))
        .map((account) => ({
            via: account,
            source: account,
            target: account,
            targetRegion: () => {
                const here = regionName(account.props.location ?? account.provider?.props.location);
                return here === undefined ? undefined : azureRegionPairs[here];
            },
        }));
}

function objectReplicationEdges(index: ResourceIndex): ReplicationEdge[] {
    return index.ofType(t.replication).flatMap<ReplicationEdge>((via) => {
        // Data flows once the policy is also on the source account (Azure wants it on the destination
        // first, then on the source with the ids the destination got); the destination half alone copies
        // nothing. The account a policy is on is a path parameter (`accountName`), in no output: only
        // the dependency tells it, so a policy whose account is named as text is not counted. Accounts
        // named as text are read last, only for a policy that can count.
        const on = linkedAccounts(via, "accountName");
        if (!on.length || !rulesOf(via).length) {
            return [];
        }
        const sources = accountsIn(index, via, "sourceAccount").filter((s) => on.includes(s));
        const targets = sources.length ? accountsIn(index, via, "destinationAccount") : [];
        return sources.flatMap((source) => targets.map((target) => ({ via, source, target })));
    });
}

function accountView(index: ResourceIndex, account: PolicyResource): ObjectStoreView {
    const sidecars = (type: string) => index.dependentsOf(account, type, "accountName");
    // The platform states `enabled` either way; an account that leaves the setting out cannot be judged
    // on a first preview, as under the CLI.
    const worm = () => (account.props.immutableStorageWithVersioning?.enabled === true ? account.props.immutableStorageWithVersioning : undefined);
    return {
        cloud: "azure",
        resource: account,
        kind: "storage account",
        region: () => regionName(account.props.location ?? account.provider?.props.location),
        // The blob service first, where versioning is set; version-level immutability switches it on by
        // itself, so the account's setting is read only when the blob service does not.
        // https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies
        versioning: () => sidecars(t.blobService).some((b) => b.props.isVersioningEnabled === true) || worm() !== undefined,
        // The SDK resolves `encryption` as one value (to fill in its defaults), so during a preview the
        // whole setting is unknown as soon as the key's URI is: the key is found through the dependency
        // first, and the settings are read only when no key of this program is named.
        encryptionKey: () =>
            customerKeyIn(account, "encryption", azureKeys, () => {
                // keySource first: the Key Vault properties, unknown in a preview when left out, count only with Microsoft.Keyvault.
                const encryption = account.props.encryption;
                if (String(encryption?.keySource ?? "").toLowerCase() !== "microsoft.keyvault") {
                    return undefined;
                }
                const kv = encryption.keyVaultProperties;
                return kv?.keyVaultUri && kv?.keyName ? `${kv.keyVaultUri}/keys/${kv.keyName}` : undefined;
            }),
        publicAccessGaps: () => {
            const gaps: string[] = [];
            // Anonymous access is off unless set: false is the documented default of API 2024-01-01.
            if (account.props.allowBlobPublicAccess === true) {
                gaps.push("allowBlobPublicAccess is true");
            }
            // Shared Key (account keys, account and service SAS) stays on unless explicitly turned off.
            if (account.props.allowSharedKeyAccess !== false) {
                gaps.push("allowSharedKeyAccess is not false");
            }
            return gaps;
        },
        transport: () => accountTransport(account.props),
        lifecycle: () => accountLifecycle(sidecars(t.lifecycle)),
        defaultLock: () => {
            const policy = worm()?.immutabilityPolicy;
            const days = policy?.immutabilityPeriodSinceCreationInDays;
            if (!policy || typeof days !== "number" || days <= 0 || policy.state === "Disabled") {
                return undefined;
            }
            return { days, mode: policy.state === "Locked" ? "compliance" : "governance" } satisfies DefaultLock;
        },
    };
}

// Azure's documented defaults: HTTPS only since API 2019-04-01, TLS 1.0 as the minimum unless set.
function accountTransport(props: Record<string, any>): Transport {
    const tls = props.minimumTlsVersion ?? "TLS1_0";
    return { tlsOnly: props.enableHttpsTrafficOnly !== false, ...(tlsVersions[tls] ? { minTlsVersion: tlsVersions[tls] } : {}) };
}

function accountLifecycle(policies: PolicyResource[]): Lifecycle {
    const rules = policies.flatMap((p) => asArray(p.props.policy?.rules).map((rule) => ruleDays(p, rule))).filter((r): r is RuleDays => r !== undefined);
    return {
        coldAfterDays: minDefined(...rules.map((r) => r.cool)),
        // Cold is an online tier priced and used like an archive class; Archive proper is offline.
        archiveAfterDays: minDefined(...rules.flatMap((r) => [r.cold, r.archive])),
        noncurrentExpiryDays: minDefined(...rules.map((r) => r.versionExpiry)),
        // Azure discards uncommitted blocks a week after they were uploaded; no rule is needed.
        // https://learn.microsoft.com/rest/api/storageservices/put-block
        abortIncompleteUploadDays: "automatic",
    };
}

interface RuleDays {
    readonly cool?: number;
    readonly cold?: number;
    readonly archive?: number;
    readonly versionExpiry?: number;
}

/**
 * The days after which a whole-account Lifecycle rule acts, or undefined for a rule that does not
 * count. Actions are read before filters, and a filter only where the rule acts. Actions, their day
 * conditions and the blob index filter exist only when stated (no API value turns one off), so they
 * are read through leftOut; `enabled` and the prefix filter (`[]` for none, which the platform
 * states) are read plainly.
 */
function ruleDays(policy: PolicyResource, rule: any): RuleDays | undefined {
    if (rule.enabled === false || rule.type !== "Lifecycle") {
        return undefined;
    }
    const stated = <T>(read: () => T) => leftOut(policy, "policy", read);
    const actions = (group: "baseBlob" | "version", action: string) => stated(() => rule.definition.actions[group][action]);
    // The first day condition stated; the others are not read.
    const after = (condition: any, ...fields: string[]): number | undefined => {
        for (const field of condition === undefined ? [] : fields) {
            const days = stated(() => condition[field]);
            if (typeof days === "number") {
                return days;
            }
        }
        return undefined;
    };
    const onBase = (action: string) => after(actions("baseBlob", action), "daysAfterModificationGreaterThan", "daysAfterCreationGreaterThan", "daysAfterLastAccessTimeGreaterThan");
    const days: RuleDays = {
        cool: onBase("tierToCool"),
        cold: onBase("tierToCold"),
        archive: onBase("tierToArchive"),
        versionExpiry: after(actions("version", "delete"), "daysAfterCreationGreaterThan"),
    };
    if (Object.values(days).every((d) => d === undefined)) {
        return undefined;
    }
    // A rule limited to a prefix or to tagged blobs acts on part of the account only. The blob index
    // filter is left out, not stated as an empty list: Azure reports a rule without one as null, and
    // accounts with a hierarchical namespace have no blob index tags to filter on.
    const filters = stated(() => rule.definition.filters);
    const whole =
        asArray(filters?.blobTypes).includes("blockBlob") && !asArray(filters?.prefixMatch).length && !asArray(stated(() => filters.blobIndexMatch)).length;
    return whole ? days : undefined;
}

function keyView(props: Record<string, any>): KeyView {
    return {
        rotationDays: () => {
            const policy = props.properties?.rotationPolicy;
            const expiry = durationDays(policy?.attributes?.expiryTime);
            return minDefined(
                ...asArray(policy?.lifetimeActions)
                    .filter((a) => String(a.action?.type ?? "").toLowerCase() === "rotate")
                    .map((a) => {
                        const before = durationDays(a.trigger?.timeBeforeExpiry);
                        return durationDays(a.trigger?.timeAfterCreate) ?? (expiry !== undefined && before !== undefined ? expiry - before : undefined);
                    }),
            );
        },
    };
}


/**
 * The storage accounts `property` (an account id: `sourceAccount`, `destinationAccount`) names: through
 * the dependency when it is built from an output of an account of this program, else by the name given
 * as text (the id's last segment) matched against each account's `name` output. An account's own name
 * input (`accountName`) is a path parameter, in no output, and `name` is unknown until the account
 * exists: on a first preview a replication named only as text stops the policy with "can't run", as
 * under the CLI.
 */
function accountsIn(index: ResourceIndex, r: PolicyResource, property: string): PolicyResource[] {
    const linked = linkedAccounts(r, property);
    if (linked.length) {
        return linked;
    }
    const text = r.props[property];
    const name = typeof text === "string" ? text.split("/").pop()?.toLowerCase() : undefined;
    return name ? index.ofType(t.account).filter((a) => String(a.props.name).toLowerCase() === name) : [];
}

/** The storage accounts of this program that `property` of `r` is built from. */
function linkedAccounts(r: PolicyResource, property: string): PolicyResource[] {
    return (r.propertyDependencies[property] ?? []).filter((d) => d.type === t.account);
}

/**
 * A source-side policy takes its rules from the destination-side one (with the rule ids Azure gave
 * it); those are read there, where they are plain inputs, rather than from the derived value.
 */
function rulesOf(policy: PolicyResource): any[] {
    const destinationHalf = (policy.propertyDependencies.rules ?? []).find((d) => d.type === t.replication);
    return asArray((destinationHalf ?? policy).props.rules);
}
