import * as assert from "assert";
import { policies } from "../../policy/policies";
import { assertNoUnknownReads, evaluateFixture, flagged, FixtureOptions, urnOf } from "../support/fixtures";
import { assertCantRun } from "./azure-preview";
import { awsStore, azureStore, gcpStore } from "./feature-store-fixture";

// Every feature-store policy, and the pack's shared concerns that cover feature stores too
// (storage-encryption-cmk, backup-retention, data-retained-on-delete), against a compliant store with its
// copy on each cloud and against the store with one setting changed, through the same offline preview and
// analyzer as `npm run plan`, with the pack's default (prod) settings.

const featureStorePolicies = policies.map((p) => p.name).filter((n) => n.startsWith("feature-store-"));
const sharedPolicies = ["storage-encryption-cmk", "backup-retention", "data-retained-on-delete"];

const T = {
    elasticache: "aws:elasticache/replicationGroup:ReplicationGroup",
    memorystore: "gcp:memorystore/instance:Instance",
    amr: "azure-native:redisenterprise:RedisEnterprise",
};

interface Case {
    readonly policy: string;
    readonly what: string;
    readonly program: () => void;
    readonly type: string;
    readonly name: string;
    readonly message: RegExp;
    readonly options?: FixtureOptions;
}

const compliant = [
    { cloud: "aws (ElastiCache for Valkey with a Global Datastore)", program: awsStore() },
    { cloud: "gcp (Memorystore for Valkey with a cross-instance secondary)", program: gcpStore() },
    { cloud: "azure (Azure Managed Redis with active geo-replication)", program: azureStore() },
];

const cases: readonly Case[] = [
    // encryption in transit
    { policy: "feature-store-encryption-in-transit", what: "aws: TLS preferred, not required", program: awsStore({ over: { transitEncryptionMode: "preferred" } }), type: T.elasticache, name: "features", message: /plaintext connections are accepted/ },
    { policy: "feature-store-encryption-in-transit", what: "aws: no TLS", program: awsStore({ over: { transitEncryptionEnabled: false } }), type: T.elasticache, name: "features", message: /plaintext connections are accepted/ },
    { policy: "feature-store-encryption-in-transit", what: "gcp: transit encryption disabled", program: gcpStore({ over: { transitEncryptionMode: "TRANSIT_ENCRYPTION_DISABLED" } }), type: T.memorystore, name: "features", message: /plaintext connections are accepted/ },
    { policy: "feature-store-encryption-in-transit", what: "azure: plaintext protocol", program: azureStore({ database: { clientProtocol: "Plaintext" } }), type: T.amr, name: "features", message: /plaintext connections are accepted/ },
    { policy: "feature-store-encryption-in-transit", what: "azure: TLS 1.0 accepted", program: azureStore({ cluster: { minimumTlsVersion: "1.0" } }), type: T.amr, name: "features", message: /TLS older than 1\.2 is accepted/ },
    // authentication
    { policy: "feature-store-authentication", what: "aws: the default user on without a password", program: awsStore({ defaultUser: "on-no-password" }), type: T.elasticache, name: "features", message: /the default user fs-default is on without a password/ },
    { policy: "feature-store-authentication", what: "aws: no user group and no AUTH token", program: awsStore({ noUserGroup: true }), type: T.elasticache, name: "features", message: /no RBAC user group \(userGroupIds\) and no AUTH token/ },
    { policy: "feature-store-authentication", what: "gcp: authorization disabled", program: gcpStore({ over: { authorizationMode: "AUTH_DISABLED" } }), type: T.memorystore, name: "features", message: /authorizationMode AUTH_DISABLED admits any client/ },
    { policy: "feature-store-authentication", what: "azure: access keys enabled", program: azureStore({ database: { accessKeysAuthentication: "Enabled" } }), type: T.amr, name: "features", message: /database features accepts access keys/ },
    // private access
    { policy: "feature-store-private-access", what: "azure: public network access", program: azureStore({ cluster: { publicNetworkAccess: "Enabled" } }), type: T.amr, name: "features", message: /accepts connections from public networks/ },
    // high availability
    { policy: "feature-store-high-availability", what: "aws: no automatic failover", program: awsStore({ over: { automaticFailoverEnabled: false, multiAzEnabled: false } }), type: T.elasticache, name: "features", message: /has 0 replica\(s\) per shard across zones \(at least 1 required\)/ },
    { policy: "feature-store-high-availability", what: "aws: one cache cluster (no replica)", program: awsStore({ copy: false, over: { numCacheClusters: 1 } }), type: T.elasticache, name: "features", message: /has 0 replica\(s\)/ },
    { policy: "feature-store-high-availability", what: "gcp: no replica", program: gcpStore({ over: { replicaCount: 0 } }), type: T.memorystore, name: "features", message: /has 0 replica\(s\)/ },
    { policy: "feature-store-high-availability", what: "gcp: replicas in one zone", program: gcpStore({ over: { zoneDistributionConfig: { mode: "SINGLE_ZONE", zone: "us-central1-a" } } }), type: T.memorystore, name: "features", message: /has 0 replica\(s\)/ },
    { policy: "feature-store-high-availability", what: "azure: high availability disabled", program: azureStore({ copy: false, cluster: { highAvailability: "Disabled" } }), type: T.amr, name: "features", message: /has 0 replica\(s\)/ },
    // durability
    { policy: "feature-store-durability", what: "aws: no snapshots and no copy", program: awsStore({ copy: false, over: { snapshotRetentionLimit: 0 } }), type: T.elasticache, name: "features", message: /keeps its data in memory only/ },
    { policy: "feature-store-durability", what: "gcp: persistence disabled and no copy", program: gcpStore({ copy: false, over: { persistenceConfig: { mode: "DISABLED" } } }), type: T.memorystore, name: "features", message: /keeps its data in memory only/ },
    {
        policy: "feature-store-durability",
        what: "gcp: no persistence, and its only copy in the same region",
        program: gcpStore({ copyIn: "us-central1", over: { persistenceConfig: { mode: "DISABLED" } } }),
        type: T.memorystore,
        name: "features",
        message: /keeps its data in memory only/,
    },
    { policy: "feature-store-durability", what: "azure: no persistence and no geo-replication", program: azureStore({ copy: false }), type: T.amr, name: "features", message: /keeps its data in memory only/ },
    // engine version
    { policy: "feature-store-engine-version", what: "aws: Redis OSS 6.2", program: awsStore({ over: { engine: "redis", engineVersion: "6.2" } }), type: T.elasticache, name: "features", message: /runs redis 6\.2 \(7\.0 or later required\)/ },
    { policy: "feature-store-engine-version", what: "aws: no engine version", program: awsStore({ over: { engineVersion: "" } }), type: T.elasticache, name: "features", message: /states no engine version/ },
    {
        policy: "feature-store-engine-version",
        what: "gcp: Valkey 8.0 under a stricter minValkeyVersion",
        program: gcpStore({ copy: false }),
        type: T.memorystore,
        name: "features",
        message: /runs valkey 8\.0 \(9\.0 or later required\)/,
        options: { policyConfig: { "feature-store-engine-version": { minValkeyVersion: "9.0" } } },
    },
    // at rest with the customer-managed key, backups kept long enough, retained on delete (shared concerns)
    { policy: "storage-encryption-cmk", what: "aws: no KMS key", program: awsStore({ over: { kmsKeyId: undefined } }), type: T.elasticache, name: "features", message: /\(ElastiCache replication group\) is encrypted with a cloud-managed key/ },
    { policy: "storage-encryption-cmk", what: "gcp: no CMEK", program: gcpStore({ over: { kmsKey: undefined } }), type: T.memorystore, name: "features", message: /\(Memorystore for Valkey instance\) is encrypted with a cloud-managed key/ },
    { policy: "backup-retention", what: "aws: snapshots kept 7 days", program: awsStore({ over: { snapshotRetentionLimit: 7 } }), type: T.elasticache, name: "features", message: /automatic snapshots \(snapshotRetentionLimit\) keeps backups 7 days \(at least 35 required\)/ },
    {
        policy: "backup-retention",
        what: "gcp: automated backups kept 7 days",
        program: gcpStore({ over: { automatedBackupConfig: { fixedFrequencySchedule: { startTime: { hours: 2 } }, retention: `${7 * 86400}s` } } }),
        type: T.memorystore,
        name: "features",
        message: /automated backups \(automatedBackupConfig\.retention\) keeps backups 7 days \(at least 35 required\)/,
    },
    { policy: "data-retained-on-delete", what: "gcp: deletionPolicy DELETE", program: gcpStore({ over: { deletionPolicy: "DELETE" } }), type: T.memorystore, name: "features", message: /would be deleted, with its data/ },
];

describe("feature-store policies", function () {
    this.timeout(120_000);

    for (const { cloud, program } of compliant) {
        it(`${cloud}: a compliant store and its copy pass every feature-store policy and the shared ones, reading no unknown value`, async () => {
            const r = await evaluateFixture(program);
            for (const policy of [...featureStorePolicies, ...sharedPolicies]) {
                assert.ok(r.evaluated.includes(policy), policy);
                assert.deepStrictEqual(r.of(policy).map((v) => v.message), [], policy);
            }
            assertNoUnknownReads(r);
        });
    }

    it("the pack has one feature-store policy per concern, each with a Fix", () => {
        assert.deepStrictEqual(featureStorePolicies.sort(), [
            "feature-store-authentication",
            "feature-store-durability",
            "feature-store-encryption-in-transit",
            "feature-store-engine-version",
            "feature-store-high-availability",
            "feature-store-private-access",
        ]);
    });

    for (const c of cases) {
        it(`${c.policy} flags ${c.what}`, async () => {
            const r = await evaluateFixture(c.program, c.options);
            flagged(r, c.policy, urnOf(r, c.type, c.name), c.message, "mandatory");
            assertNoUnknownReads(r);
        });
    }

    it("storage-encryption-cmk cannot judge an Azure Managed Redis cluster without encryption settings during a preview, as the CLI says", async () => {
        // azure-native previews every response property the inputs leave out as unknown, the encryption included.
        assertCantRun(await evaluateFixture(azureStore({ noCmk: true, copy: false })), "storage-encryption-cmk", ".encryption");
    });

    it("a store that is itself a copy needs neither persistence nor a copy of its own", async () => {
        // The secondaries in the compliant fixtures keep no persistence of their own beyond the primary's settings.
        const r = await evaluateFixture(azureStore());
        assert.deepStrictEqual(r.of("feature-store-durability"), []);
    });
});
