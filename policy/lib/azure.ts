import { PolicyResource } from "@pulumi/policy";
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
};

/** Blob and container soft delete keep data 365 days at most. https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview */
const softDeleteMaxDays = 365;
/** Operational backups of blobs are kept 360 days at most. https://learn.microsoft.com/azure/backup/blob-backup-overview */
const operationalBlobBackupMaxDays = 360;

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
                const cmk = vault.props.properties?.securitySettings?.encryptionSettings;
                if (!cmk || String(cmk.state ?? "").toLowerCase() !== "enabled") {
                    return undefined;
                }
                return customerKeyIn(vault, "properties", azureKeys, () => cmk.keyVaultProperties?.keyUri);
            },
        })),
    replicationEdges: (index) =>
        index.ofType(t.replication).flatMap<ReplicationEdge>((via) => {
            if (!rulesOf(via).length) {
                return [];
            }
            const sources = accountsIn(index, via, "sourceAccount");
            const targets = accountsIn(index, via, "destinationAccount");
            // Data flows once the policy is also on the source account (Azure wants it on the destination
            // first, then on the source with the ids the destination got); the destination half alone copies nothing.
            const onSource = sources.filter((s) => accountsIn(index, via, "accountName").includes(s));
            return onSource.flatMap((source) => targets.map((target) => ({ via, source, target })));
        }),
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
                        return {
                            name: `retention rule ${rule.name} (${store || "store unstated"})`,
                            retentionDays: durationDays(lifecycle.deleteAfter?.duration),
                            ...(store === "OperationalStore" ? { maxRetentionDays: operationalBlobBackupMaxDays } : {}),
                        };
                    }),
                ),
        // Where Azure Backup cannot reach (object-replicated containers), deleted and superseded data
        // is kept by the account itself: these are the days it stays recoverable.
        [t.blobService]: (props) =>
            (
                [
                    ["blob soft delete", props.deleteRetentionPolicy],
                    ["container soft delete", props.containerDeleteRetentionPolicy],
                ] as const
            )
                .filter(([, policy]) => policy?.enabled === true)
                .map(([name, policy]) => ({ name, retentionDays: policy.days, maxRetentionDays: softDeleteMaxDays })),
    },
    dataBearingTypes: [t.group, t.account, t.container, t.vault, t.key, t.backupVault],
};

function accountView(index: ResourceIndex, account: PolicyResource): ObjectStoreView {
    const sidecars = (type: string) => index.dependentsOf(account, type, "accountName");
    const worm = () => (account.props.immutableStorageWithVersioning?.enabled === true ? account.props.immutableStorageWithVersioning : undefined);
    return {
        cloud: "azure",
        resource: account,
        kind: "storage account",
        region: () => regionName(account.props.location ?? account.provider?.props.location),
        // Version-level immutability switches versioning on by itself.
        // https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies
        versioning: () => worm() !== undefined || sidecars(t.blobService).some((b) => b.props.isVersioningEnabled === true),
        // The SDK resolves `encryption` as one value (to fill in its defaults), so during a preview the
        // whole setting is unknown as soon as the key's URI is: the key is found through the dependency
        // first, and the settings are read only when no key of this program is named.
        encryptionKey: () =>
            customerKeyIn(account, "encryption", azureKeys, () => {
                const encryption = account.props.encryption;
                const kv = encryption?.keyVaultProperties;
                const cmk = String(encryption?.keySource ?? "").toLowerCase() === "microsoft.keyvault";
                return cmk && kv?.keyVaultUri && kv?.keyName ? `${kv.keyVaultUri}/keys/${kv.keyName}` : undefined;
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
    return { httpsOnly: props.enableHttpsTrafficOnly !== false, ...(tlsVersions[tls] ? { minTlsVersion: tlsVersions[tls] } : {}) };
}

function accountLifecycle(policies: PolicyResource[]): Lifecycle {
    const rules = policies
        .flatMap((p) => asArray(p.props.policy?.rules))
        .filter((r) => r.enabled !== false && r.type === "Lifecycle" && wholeAccount(r.definition?.filters));
    const baseBlob = (action: string) => minDefined(...rules.map((r) => afterDays(r.definition?.actions?.baseBlob?.[action])));
    return {
        coldAfterDays: baseBlob("tierToCool"),
        // Cold is an online tier priced and used like an archive class; Archive proper is offline.
        archiveAfterDays: minDefined(baseBlob("tierToCold"), baseBlob("tierToArchive")),
        noncurrentExpiryDays: minDefined(...rules.map((r) => r.definition?.actions?.version?.delete?.daysAfterCreationGreaterThan)),
        // Azure discards uncommitted blocks a week after they were uploaded; no rule is needed.
        // https://learn.microsoft.com/rest/api/storageservices/put-block
        abortIncompleteUploadDays: "automatic",
    };
}

function afterDays(condition: any): number | undefined {
    return condition?.daysAfterModificationGreaterThan ?? condition?.daysAfterCreationGreaterThan ?? condition?.daysAfterLastAccessTimeGreaterThan;
}

// A rule limited to a prefix or to tagged blobs tiers only part of the account.
function wholeAccount(filters: any): boolean {
    return asArray(filters?.blobTypes).includes("blockBlob") && !asArray(filters?.prefixMatch).length && !asArray(filters?.blobIndexMatch).length;
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
 * The storage accounts `property` names: through the dependency when the name or id is an output of
 * an account of this program, else by the name given as text (the last segment of a resource id).
 */
function accountsIn(index: ResourceIndex, r: PolicyResource, property: string): PolicyResource[] {
    const linked = (r.propertyDependencies[property] ?? []).filter((d) => d.type === t.account);
    if (linked.length) {
        return linked;
    }
    const text = r.props[property];
    const name = typeof text === "string" ? text.split("/").pop() : undefined;
    return name ? index.ofType(t.account).filter((a) => a.props.accountName === name) : [];
}

/**
 * A source-side policy takes its rules from the destination-side one (with the rule ids Azure gave
 * it); those are read there, where they are plain inputs, rather than from the derived value.
 */
function rulesOf(policy: PolicyResource): any[] {
    const destinationHalf = (policy.propertyDependencies.rules ?? []).find((d) => d.type === t.replication);
    return asArray((destinationHalf ?? policy).props.rules);
}
