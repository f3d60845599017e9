import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { CloudPrincipal } from "../components/shared/grants";
import { readPlatformConfig } from "../stacks/config";
import { buildPlatform } from "../stacks/program";
import { runProgram } from "./support/run";
import { flatConfig } from "./support/config";
import { examplePlan } from "./support/examples";
import { assertCleanPlan, builtFrom, ofType, one, planFor, providerOf, stackConfig } from "./support/stack";
import { runUpdate, UpdateRun } from "./support/update";

// The feature store on GCP (issue 12), through the example plans: Memorystore for Valkey behind Private
// Service Connect, IAM auth, TLS, CMEK, AOF, automated backups, a cross-instance secondary in prod, the
// daily export CronJob, and the grant a workload gets.

const ns = "ai-data-platform";
const T = {
    instance: "gcp:memorystore/instance:Instance",
    policy: "gcp:networkconnectivity/serviceConnectionPolicy:ServiceConnectionPolicy",
    subnet: "gcp:compute/subnetwork:Subnetwork",
    keyMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    key: "gcp:kms/cryptoKey:CryptoKey",
    iamMember: "gcp:projects/iAMMember:IAMMember",
    cronJob: "kubernetes:batch/v1:CronJob",
};

describe("feature store on GCP", function () {
    this.timeout(180_000);

    describe("prod (examples/gcp-prod.yaml)", () => {
        let r: Awaited<ReturnType<typeof examplePlan>>;
        before(async () => {
            r = await examplePlan("gcp", "prod");
        });

        it("a Valkey instance: IAM auth, TLS, the platform key, a replica across zones, AOF every second, backups kept 35 days, abandoned on delete", () => {
            const i = one(r, T.instance, "feature-store");
            const x = i.inputs;
            assert.deepStrictEqual(
                [x.location, x.mode, x.shardCount, x.replicaCount, x.nodeType, x.engineVersion, x.authorizationMode, x.transitEncryptionMode],
                ["us-central1", "CLUSTER_DISABLED", 1, 1, "HIGHMEM_MEDIUM", "VALKEY_8_0", "IAM_AUTH", "SERVER_AUTHENTICATION"],
            );
            assert.deepStrictEqual(x.zoneDistributionConfig, { mode: "MULTI_ZONE" });
            assert.deepStrictEqual(x.persistenceConfig, { mode: "AOF", aofConfig: { appendFsync: "EVERY_SEC" } });
            assert.deepStrictEqual(x.automatedBackupConfig, { fixedFrequencySchedule: { startTime: { hours: 2 } }, retention: `${35 * 86400}s` });
            assert.deepStrictEqual(x.engineConfigs, { "maxmemory-policy": "volatile-lru" });
            assert.deepStrictEqual([x.deletionPolicy, i.retainOnDelete], ["ABANDON", true]);
            assert.ok(ofType(r, T.key).some((k) => builtFrom(i, "kmsKey", k)));
        });

        it("the Memorystore agent holds both platform keys before the instances are created", () => {
            const members = ofType(r, T.keyMember).filter((m) => m.name.startsWith("feature-store-key-"));
            assert.deepStrictEqual(members.map((m) => m.name).sort(), ["feature-store-key-backup", "feature-store-key-primary"]);
            for (const m of members) {
                assert.strictEqual(m.inputs.role, "roles/cloudkms.cryptoKeyEncrypterDecrypter");
                assert.match(String(m.inputs.member), /^serviceAccount:service-\d+@gcp-sa-memorystore\.iam\.gserviceaccount\.com$/);
            }
        });

        it("private only: PSC endpoints through a service connection policy in each region's subnet", () => {
            const policies = ofType(r, T.policy);
            assert.deepStrictEqual(policies.map((p) => [p.inputs.location, p.inputs.serviceClass]).sort(), [["us-central1", "gcp-memorystore"], ["us-east1", "gcp-memorystore"]]);
            const primary = one(r, T.instance, "feature-store");
            assert.ok(primary.dependencies.includes(one(r, T.policy, "feature-store-psc").urn));
            assert.strictEqual(one(r, T.subnet, "feature-store-backup-psc").inputs.region, "us-east1");
        });

        it("a cross-instance secondary in the backup region with the backup key and the primary's shape", () => {
            const primary = one(r, T.instance, "feature-store");
            const secondary = one(r, T.instance, "feature-store-secondary");
            assert.strictEqual(providerOf(r, secondary)?.name, "backup");
            assert.strictEqual(secondary.inputs.location, "us-east1");
            assert.ok(builtFrom(secondary, "crossInstanceReplicationConfig", primary));
            assert.strictEqual((secondary.inputs.crossInstanceReplicationConfig as { instanceRole: string }).instanceRole, "SECONDARY");
            assert.deepStrictEqual([secondary.inputs.shardCount, secondary.inputs.nodeType], [primary.inputs.shardCount, primary.inputs.nodeType]);
        });

        it("a daily CronJob in the platform namespace exports the newest backup to the lake as a workload identity, with a pinned gcloud image", () => {
            const job = one(r, T.cronJob, "feature-store-export");
            const spec = job.inputs.spec as { schedule: string; concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: { image: string; command: string[] }[] } } } } };
            assert.deepStrictEqual([(job.inputs.metadata as { namespace: string }).namespace, spec.schedule, spec.concurrencyPolicy], ["ai-data-platform", "30 4 * * *", "Forbid"]);
            const pod = spec.jobTemplate.spec.template.spec;
            assert.strictEqual(pod.serviceAccountName, "feature-store-export");
            assert.match(pod.containers[0].image, /^gcr\.io\/google\.com\/cloudsdktool\/google-cloud-cli:\d+\.\d+\.\d+-slim$/);
            assert.match(pod.containers[0].command[2], /gcloud memorystore backup-collections backups export .* --gcs-bucket="\$LAKE_BUCKET"/);
        });

        it("outputs: TLS, IAM, no Feast block (Feast cannot refresh a token), the copy's recovery point", () => {
            const o = r.outputs;
            assert.deepStrictEqual([o.featureStoreTls, o.featureStoreAuth, o.featureStoreClusterMode], [true, "iam", false]);
            assert.strictEqual(one(r, T.instance, "feature-store").inputs.mode, "CLUSTER_DISABLED");
            assert.match(String(o.featureStoreCredential), /roles\/memorystore\.dbConnectionUser/);
            assert.deepStrictEqual(Object.keys(o.feast as object), ["note"]);
            assert.strictEqual((o.featureStoreRecoveryPoint as { basis: string }).basis, "replication-lag");
        });
    });

    it("sharded (shards: 3): a CLUSTER-mode instance, and featureStoreClusterMode tells clients to follow the slot map", async () => {
        const r = await planFor(stackConfig("gcp", "prod", { [`${ns}:featureStore`]: { shards: 3 } }));
        const instances = ofType(r, T.instance);
        assert.deepStrictEqual(instances.map((i) => [i.inputs.mode, i.inputs.shardCount]), instances.map(() => ["CLUSTER", 3]), "the primary and its cross-instance secondary");
        assert.strictEqual(r.outputs.featureStoreClusterMode, true);
        assertCleanPlan(r, "gcp", "prod");
    });

    describe("dev (examples/gcp-dev.yaml)", () => {
        it("a shared-core node without replica or secondary, RDB snapshots, backups kept 7 days, deleted with the stack", async () => {
            const r = await examplePlan("gcp", "dev");
            const x = one(r, T.instance, "feature-store").inputs;
            assert.deepStrictEqual([x.nodeType, x.replicaCount, (x.persistenceConfig as { mode: string }).mode, x.deletionPolicy], ["SHARED_CORE_NANO", 0, "RDB", "DELETE"]);
            assert.strictEqual(ofType(r, T.instance).length, 1);
            assert.strictEqual(r.outputs.featureStoreRecoveryPoint, undefined);
        });
    });

    it("grants: read and read-write are the one data-plane role Memorystore has, limited to the store's instances by a condition", async () => {
        const result = await runProgram({
            project: ns,
            stack: "test",
            config: flatConfig(stackConfig("gcp", "prod")),
            program: () => {
                const platform = buildPlatform(readPlatformConfig());
                const principal: CloudPrincipal = { cloud: "gcp", email: pulumi.output("feast@p.iam.gserviceaccount.com"), member: pulumi.output("serviceAccount:feast@p.iam.gserviceaccount.com") };
                platform.featureStore.grant("read").attach(principal, "serving", { parent: platform.featureStore, provider: platform.providers.primary });
            },
        });
        const grant = one(result, T.iamMember, "serving");
        assert.strictEqual(grant.inputs.role, "roles/memorystore.dbConnectionUser");
        for (const name of ["feature-store", "feature-store-secondary"]) {
            assert.ok(builtFrom(grant, "condition", one(result, T.instance, name)), name);
        }
    });
});

// Memorystore signs its certificate with a private, per-instance CA: clients verify the store only with
// its PEM, which exists once the instance does. Run as `pulumi up` would, with the instance reporting one.
describe("feature store on GCP after creation: the server CA clients verify it with", function () {
    const chain = ["-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----", "-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----"];
    let run: UpdateRun;
    before(async () => {
        run = await runUpdate("test", stackConfig("gcp", "prod"), ({ type, inputs }) => {
            if (type === "gcp:memorystore/instance:Instance") {
                return { state: { ...inputs, managedServerCas: [{ caCerts: [{ certificates: chain }] }] } };
            }
            // The streams' address reads (gcloud) answer too: the program needs them to finish.
            return type === "command:local:Command" ? { state: { ...inputs, stdout: "bootstrap.adp-test-events.us-central1.managedkafka.p.cloud.goog\n", stderr: "" } } : undefined;
        });
    });

    it("exports the CA chain as one PEM bundle (Airflow's DAGs get the same output: AIRFLOW_VAR_FEATURE_STORE_CA_CERTS)", () => {
        assert.strictEqual(run.outputs.featureStoreCaCertificates, chain.join("\n"));
    });
});
