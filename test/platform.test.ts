import * as assert from "assert";
import { dataBearingTypes } from "../policy/lib/adapters";
import { clouds, environments } from "../components/shared/context";
import { PlanResult } from "../tools/offline/plan";
import { examplePlan } from "./support/examples";
import { assertCleanPlan, ofType } from "./support/stack";

// What must hold on every cloud, for the example stack configs CI previews: a clean policy run, the
// same components and the same outputs, explicit providers only, and data retained in prod alone.


describe("the platform on every cloud (examples/<cloud>-<env>.yaml)", () => {
    const results = new Map<string, PlanResult>();
    before(async () => {
        for (const cloud of clouds) {
            for (const env of environments) {
                results.set(`${cloud}-${env}`, await examplePlan(cloud, env));
            }
        }
    });
    const get = (cloud: string, env: string) => results.get(`${cloud}-${env}`)!;

    for (const cloud of clouds) {
        for (const env of environments) {
            it(`${cloud} ${env}: passes policy/config/${env}.json with no violation at all`, () => {
                assertCleanPlan(get(cloud, env), cloud, env);
            });
            it(`${cloud} ${env}: every resource goes through an explicit provider: the cloud's two, or the cluster's`, () => {
                const r = get(cloud, env);
                const providers = r.resources.filter((x) => x.type.startsWith("pulumi:providers:"));
                assert.deepStrictEqual(providers.map((p) => `${p.type.split(":").pop()} ${p.name}`).sort(), [
                    `${cloud === "azure" ? "azure-native" : cloud} backup`,
                    `${cloud === "azure" ? "azure-native" : cloud} primary`,
                    "kubernetes cluster",
                ]);
                const through = (x: (typeof r.resources)[number]) => [x.provider, ...Object.values(x.providers)].filter(Boolean);
                // random, time and local commands (GCP's read of the Kafka address) touch no cloud API through a provider.
                const stray = r.resources.filter(
                    (x) =>
                        (x.custom || x.remote) &&
                        !["pulumi:providers:", "random:", "time:", "command:"].some((p) => x.type.startsWith(p)) &&
                        !through(x).some((u) => providers.some((p) => p.urn === u)),
                );
                assert.deepStrictEqual(stray.map((x) => x.urn), []);
                const inCluster = r.resources.filter((x) => x.type.startsWith("kubernetes:"));
                assert.ok(inCluster.length > 0 && inCluster.every((x) => x.provider?.endsWith("pulumi:providers:kubernetes::cluster")), "in-cluster objects use the cluster's provider");
            });
            it(`${cloud} ${env}: ${env === "prod" ? "retains every" : "retains no"} data-bearing resource on delete`, () => {
                const r = get(cloud, env);
                const data = r.resources.filter((x) => dataBearingTypes.has(x.type));
                assert.ok(data.length >= 6, `${data.length} data-bearing resources`);
                assert.deepStrictEqual(data.filter((x) => x.retainOnDelete !== (env === "prod")).map((x) => x.urn), []);
            });
        }
    }

    it("builds the same components, with the same names, on every cloud", () => {
        // The platform and its capabilities (a capability may have components of its own inside).
        const components = (r: PlanResult) => {
            const platform = r.resources.find((x) => x.type === "ai-data-platform:index:Platform")!;
            return r.resources
                .filter((x) => x === platform || (x.parent === platform.urn && x.type.startsWith("ai-data-platform:")))
                .map((x) => `${x.type} ${x.name}`)
                .sort();
        };
        for (const cloud of clouds) {
            assert.deepStrictEqual(components(get(cloud, "prod")), [
                "ai-data-platform:cloud:Providers providers",
                "ai-data-platform:featurestore:FeatureStore feature-store",
                "ai-data-platform:index:Platform platform",
                "ai-data-platform:kubernetes:GpuNodePools gpu-pools",
                "ai-data-platform:kubernetes:KubernetesCluster cluster",
                "ai-data-platform:network:Network network",
                "ai-data-platform:orchestration:Airflow airflow",
                "ai-data-platform:security:EncryptionKeys keys",
                "ai-data-platform:storage:DataLake lake",
                "ai-data-platform:storage:LakeBackup lake-backup",
                "ai-data-platform:stream:EventStreams streams",
            ]);
        }
    });

    it("says how firmly backups and the lake are locked: backups compliance-locked in prod on every cloud, the lake's lock as configured", () => {
        const expected: Record<string, Record<string, string>> = {
            aws: { dev: "none", prod: "compliance" },
            gcp: { dev: "governance", prod: "compliance" },
            azure: { dev: "governance", prod: "compliance" },
        };
        for (const cloud of clouds) {
            for (const env of environments) {
                const r = get(cloud, env);
                assert.strictEqual(r.outputs.backupLockMode, expected[cloud][env], `${cloud} ${env}`);
                assert.deepStrictEqual(r.outputs.lakeLock, env === "prod" ? { days: 35, mode: "governance" } : { days: 0, mode: "none" }, `${cloud} ${env}`);
            }
        }
        const locks = ofType(get("aws", "prod"), "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
        assert.strictEqual(locks.length, 2);
        assert.ok(locks.every((l) => l.inputs.changeableForDays === 3), "compliance mode after AWS's minimum grace period");
    });

    it("exports the same stack outputs on every cloud, so nothing downstream branches on the cloud", () => {
        const shape = (r: PlanResult) => Object.keys(r.outputs).sort();
        const aws = shape(get("aws", "prod"));
        assert.ok(aws.includes("lakeUrl") && aws.includes("recoveryPointObjectiveMinutes"));
        for (const cloud of clouds) {
            for (const env of environments) {
                const r = get(cloud, env);
                assert.deepStrictEqual(shape(r), aws, `${cloud} ${env}`);
                assert.strictEqual(r.outputs.cloud, cloud);
                assert.notStrictEqual(r.outputs.replicaRegion, r.outputs.lakeRegion);
                assert.ok(typeof r.outputs.recoveryPointObjectiveMinutes === "number" && (r.outputs.recoveryPointObjectiveMinutes as number) > 0);
                assert.ok(["sla-credits", "best-effort"].includes(r.outputs.recoveryPointObjectiveBasis as string));
                // A stream copy exists in prod only (the default), and says what bounds or measures its lag.
                const streamRpo = r.outputs.streamReplicaRecoveryPoint as { basis: string; minutes?: number; measuredBy: string } | undefined;
                if (env === "prod") {
                    assert.ok(streamRpo && ["sla", "best-effort", "replication-lag"].includes(streamRpo.basis) && streamRpo.measuredBy.length > 0, `${cloud}: ${JSON.stringify(streamRpo)}`);
                    assert.strictEqual(streamRpo.minutes === undefined, streamRpo.basis === "replication-lag", "minutes exactly where a bound is stated or planned");
                } else {
                    assert.strictEqual(streamRpo, undefined);
                }
            }
        }
        assert.match(get("aws", "prod").outputs.lakeUrl as string, /^s3:\/\//);
        assert.match(get("gcp", "prod").outputs.lakeUrl as string, /^gs:\/\//);
        assert.match(get("azure", "prod").outputs.lakeUrl as string, /^https:\/\/[a-z0-9]{3,24}\.blob\.core\.windows\.net\/lake$/);
    });
});
