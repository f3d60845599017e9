import * as gcp from "../components/shared/sdk/gcp";
import * as assert from "assert";
import { parse } from "yaml";
import { Environment } from "../components/shared/context";
import { gpuTaint } from "../components/gpu/labels";
import { gpuMachine } from "../components/gpu/catalog";
import { acceleratorZones, gcpAccelerator } from "../components/gpu/gcp-limits";
import { serviceAccountId } from "../components/kubernetes/gcp-identity";
import { gkeKubeconfig } from "../components/kubernetes/gcp-kubeconfig";
import { AccessGrant, principalOf } from "../components/shared/grants";
import { ConfigError, parsePlatformConfig, readPlatformConfig } from "../stacks/config";
import { buildPlatform } from "../stacks/program";
import { PlanResult } from "../tools/offline/plan";
import { runProgram } from "./support/run";
import { RecordedResource } from "../tools/offline/types";
import { configErrorFor, flatConfig } from "./support/config";
import { assertCleanPlan, dependents, ofType, one, planFor, stackConfig } from "./support/stack";

const T = {
    network: "gcp:compute/network:Network",
    subnet: "gcp:compute/subnetwork:Subnetwork",
    router: "gcp:compute/router:Router",
    nat: "gcp:compute/routerNat:RouterNat",
    address: "gcp:compute/globalAddress:GlobalAddress",
    psa: "gcp:servicenetworking/connection:Connection",
    cluster: "gcp:container/cluster:Cluster",
    pool: "gcp:container/nodePool:NodePool",
    key: "gcp:kms/cryptoKey:CryptoKey",
    keyGrant: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
    gsa: "gcp:serviceaccount/account:Account",
    gsaBinding: "gcp:serviceaccount/iAMMember:IAMMember",
    projectGrant: "gcp:projects/iAMMember:IAMMember",
    bucketGrant: "gcp:storage/bucketIAMMember:BucketIAMMember",
    bucket: "gcp:storage/bucket:Bucket",
    k8sProvider: "pulumi:providers:kubernetes",
    namespace: "kubernetes:core/v1:Namespace",
    ksa: "kubernetes:core/v1:ServiceAccount",
    deployment: "kubernetes:apps/v1:Deployment",
};
const ns = "ai-data-platform";
const project = "adp-test-project";
const gkeAgent = "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com";
const computeAgent = "serviceAccount:service-123456789012@compute-system.iam.gserviceaccount.com";

// Not the defaults, so every value below can only have come from the config.
const network = { cidr: "10.60.0.0/16", podCidr: "100.70.0.0/16", serviceCidr: "172.24.0.0/16" };
const prodKubernetes = {
    version: "1.34",
    systemNodes: { minNodes: 3, maxNodes: 7, machineType: "n2-standard-8" },
    gpuPools: [
        { name: "serve", gpu: "nvidia-l4", gpusPerNode: 1, minNodes: 0, maxNodes: 3 },
        { name: "train", gpu: "nvidia-a100-80gb", gpusPerNode: 8, minNodes: 0, maxNodes: 2 },
        { name: "batch", gpu: "nvidia-t4", gpusPerNode: 2, machineType: "n1-highmem-8", minNodes: 1, maxNodes: 4, spot: true },
    ],
};
const inference = { image: "ghcr.io/acme/model-server:1.4", pool: "serve", minReplicas: 2, maxReplicas: 3 };

const nodeConfig = (r: RecordedResource) => r.inputs.nodeConfig as any;
/**
 * What prod retains with its Kafka clusters: the VPC and the subnets their Private Service Connect
 * endpoints live in, and the service agent's grants on their keys.
 */
const keptWithKafka = ["vpc", "endpoints", "streams-backup", "events-kafka-agent", "events-replica-kafka-agent"];
/** And with a retained Cloud SQL instance (Airflow's database): the Private Service Access range and peering holding its address. */
const keptWithCloudSql = ["managed-services"];
const byName = (r: PlanResult, type: string) => new Map(ofType(r, type).map((x) => [x.name, x]));
/** The pause after the cluster's key and node-account grants, for IAM to propagate. */
const grantsReady = (r: PlanResult) => one(r, "time:index/sleep:Sleep", "cluster-grants-propagation");

const configError = (overrides: Record<string, unknown>, environment: Environment = "prod", regions: Record<string, string> = {}): ConfigError =>
    configErrorFor("gcp", { ...overrides, ...regions }, environment);

/**
 * Would the scheduler put this pod template on a node of this pool? Node selector against the pool's
 * node labels, every taint of the pool tolerated, the GPUs asked for on one node.
 */
function schedulable(podSpec: any, pool: RecordedResource): boolean {
    const effects: Record<string, string> = { NO_SCHEDULE: "NoSchedule", PREFER_NO_SCHEDULE: "PreferNoSchedule", NO_EXECUTE: "NoExecute" };
    const labels: Record<string, string> = nodeConfig(pool).labels ?? {};
    const selected = Object.entries(podSpec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
    const tolerated = (nodeConfig(pool).taints ?? []).every((t: any) =>
        (podSpec.tolerations ?? []).some(
            (tol: any) => tol.key === t.key && (tol.operator === "Exists" || tol.value === t.value) && (!tol.effect || tol.effect === effects[t.effect]),
        ),
    );
    const gpusAsked = (podSpec.containers ?? []).reduce((n: number, c: any) => n + Number(c.resources?.requests?.["nvidia.com/gpu"] ?? 0), 0);
    const gpusOnNode = (nodeConfig(pool).guestAccelerators ?? []).reduce((n: number, a: any) => n + Number(a.count), 0);
    return selected && tolerated && gpusAsked <= gpusOnNode && (pool.inputs.autoscaling as any).totalMaxNodeCount > 0;
}

describe("GCP network, GKE cluster and GPU pools (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("gcp", "prod", { [`${ns}:network`]: network, [`${ns}:kubernetes`]: prodKubernetes, [`${ns}:inference`]: inference }));
        dev = await planFor(stackConfig("gcp", "dev"));
    });

    for (const env of ["dev", "prod"] as const) {
        it(`${env}: passes its environment's policy config with no violation at all`, () => {
            assertCleanPlan(env === "prod" ? prod : dev, "gcp", env);
        });
        it(`${env}: network, cluster and pools go through the primary region's provider and are deleted with the stack (not retained, not protected)`, () => {
            const r = env === "prod" ? prod : dev;
            const primary = r.resources.find((x) => x.type === "pulumi:providers:gcp" && x.name === "primary")!;
            // Other capabilities' resources of the same types: the lake's and backup's storage grants, the feature store's.
            const storage = (name: string) => ["lake-storage-agent", "replica-storage-agent"].includes(name) || /^(replication|backup-copy|feature-store)-/.test(name);
            for (const type of [T.network, T.subnet, T.router, T.nat, T.address, T.psa, T.cluster, T.pool, T.gsa, T.keyGrant, T.projectGrant]) {
                for (const x of ofType(r, type).filter((x) => !storage(x.name))) {
                    assert.strictEqual(x.provider, primary.urn, `${type} "${x.name}"`);
                    const kept = env === "prod" && [...keptWithKafka, ...keptWithCloudSql].includes(x.name);
                    assert.deepStrictEqual([x.retainOnDelete, x.protect], [kept, false], `${type} "${x.name}" is ${kept ? "kept with the retained Kafka clusters or Cloud SQL instance" : "not data"}`);
                }
            }
        });
    }

    describe("network", () => {
        it("carves the node subnet, its pod and Service secondary ranges and the endpoint subnet from the plan, with Private Google Access", () => {
            const net = one(prod, T.network);
            assert.deepStrictEqual([net.inputs.autoCreateSubnetworks, net.inputs.routingMode, net.inputs.project], [false, "REGIONAL", project]);
            // Subnets of the platform network itself (the streams add one in the backup region).
            const subnets = new Map([...byName(prod, T.subnet)].filter(([, x]) => x.parent?.endsWith("ai-data-platform:network:Network::network")));
            assert.deepStrictEqual([...subnets.keys()].sort(), ["endpoints", "nodes"], "one regional node subnet: GCP subnets span every zone");
            const nodes = subnets.get("nodes")!;
            assert.deepStrictEqual(
                [nodes.inputs.region, nodes.inputs.ipCidrRange, nodes.inputs.privateIpGoogleAccess, nodes.inputs.secondaryIpRanges],
                ["us-central1", "10.60.0.0/19", true, [{ rangeName: "pods", ipCidrRange: "100.70.0.0/16" }, { rangeName: "services", ipCidrRange: "172.24.0.0/16" }]],
            );
            const endpoints = subnets.get("endpoints")!;
            assert.deepStrictEqual([endpoints.inputs.ipCidrRange, endpoints.inputs.privateIpGoogleAccess], ["10.60.99.0/24", true]);
            for (const s of subnets.values()) {
                assert.ok(s.propertyDependencies.network.includes(net.urn));
            }
            assert.deepStrictEqual((nodes.inputs.logConfig as any).flowSampling, 0.5, "flow logs in prod");
            assert.strictEqual(one(dev, T.subnet, "nodes").inputs.logConfig, undefined, "none in dev");
            assert.deepStrictEqual([prod.outputs.podRange, prod.outputs.serviceRange], ["100.70.0.0/16", "172.24.0.0/16"]);
            assert.strictEqual(one(dev, T.subnet, "nodes").inputs.ipCidrRange, "10.40.0.0/19", "dev: the default network");
        });

        it("sends the node subnet's egress, pod range included, through one Cloud NAT in dev and prod alike", () => {
            for (const r of [prod, dev]) {
                const nat = one(r, T.nat);
                const router = one(r, T.router);
                assert.ok(router.propertyDependencies.network.includes(one(r, T.network).urn));
                assert.ok(nat.propertyDependencies.router.includes(router.urn));
                assert.deepStrictEqual([nat.inputs.region, nat.inputs.sourceSubnetworkIpRangesToNat, nat.inputs.natIpAllocateOption], ["us-central1", "LIST_OF_SUBNETWORKS", "AUTO_ONLY"]);
                assert.deepStrictEqual((nat.inputs.subnetworks as any[]).map((s) => s.sourceIpRangesToNats), [["ALL_IP_RANGES"]]);
                assert.ok(nat.propertyDependencies.subnetworks.includes(one(r, T.subnet, "nodes").urn), "the node subnet");
                assert.ok(!nat.propertyDependencies.subnetworks.includes(one(r, T.subnet, "endpoints").urn), "endpoints need no egress");
            }
        });

        it("reserves the managed-services block for Private Service Access and peers servicenetworking over it", () => {
            const address = one(prod, T.address);
            assert.deepStrictEqual(
                [address.inputs.purpose, address.inputs.addressType, address.inputs.address, address.inputs.prefixLength],
                ["VPC_PEERING", "INTERNAL", "10.60.128.0", 20],
            );
            const psa = one(prod, T.psa);
            assert.strictEqual(psa.inputs.service, "servicenetworking.googleapis.com");
            assert.ok(psa.propertyDependencies.reservedPeeringRanges.includes(address.urn));
            assert.ok(psa.propertyDependencies.network.includes(one(prod, T.network).urn));
            assert.strictEqual(psa.inputs.deletionPolicy, undefined, "deleted with the network where not retained, not abandoned (the peering would block deleting the network)");
        });

        it("spreads over the region's first standard zones: three in prod, two in dev, never an AI zone", () => {
            assert.deepStrictEqual(nodeLocations(one(prod, T.pool, "system")), ["us-central1-a", "us-central1-b", "us-central1-c"]);
            assert.deepStrictEqual(nodeLocations(one(dev, T.pool, "system")), ["us-central1-a", "us-central1-b"]);
        });
    });

    describe("cluster", () => {
        it("is regional over the platform's zones in prod and zonal in dev", () => {
            const p = one(prod, T.cluster);
            assert.deepStrictEqual([p.inputs.location, p.inputs.nodeLocations], ["us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"]]);
            const d = one(dev, T.cluster);
            assert.deepStrictEqual([d.inputs.location, d.inputs.nodeLocations], ["us-central1-a", undefined]);
        });

        it("pins the configured version on the Regular release channel", () => {
            const p = one(prod, T.cluster);
            assert.deepStrictEqual([p.inputs.minMasterVersion, (p.inputs.releaseChannel as any).channel], ["1.34", "REGULAR"]);
            assert.strictEqual(one(dev, T.cluster).inputs.minMasterVersion, "1.35", "the default");
            assert.strictEqual(prod.outputs.kubernetesVersion, "1.34");
        });

        it("encrypts Secrets with the primary region's platform key, after granting the GKE service agent on it", () => {
            const c = one(prod, T.cluster);
            const key = one(prod, T.key, "primary");
            assert.strictEqual((c.inputs.databaseEncryption as any).state, "ENCRYPTED");
            assert.ok(c.propertyDependencies.databaseEncryption.includes(key.urn));
            assert.ok(!c.propertyDependencies.databaseEncryption.includes(one(prod, T.key, "backup").urn));
            const grant = one(prod, T.keyGrant, "cluster-secrets-gke-agent");
            assert.deepStrictEqual([grant.inputs.role, grant.inputs.member], ["roles/cloudkms.cryptoKeyEncrypterDecrypter", gkeAgent]);
            assert.ok(grant.propertyDependencies.cryptoKeyId.includes(key.urn));
            assert.ok(grantsReady(prod).dependencies.includes(grant.urn), "the cluster waits until the grant has propagated");
            assert.ok(c.dependencies.includes(grantsReady(prod).urn));
        });

        it("collects control-plane logs including the API server's, and metrics with Managed Prometheus", () => {
            const c = one(prod, T.cluster);
            assert.deepStrictEqual((c.inputs.loggingConfig as any).enableComponents, ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"]);
            // GKE's default, stated so that stack policies can read it during a preview.
            assert.strictEqual(c.inputs.loggingService, "logging.googleapis.com/kubernetes");
            assert.strictEqual((c.inputs.monitoringConfig as any).managedPrometheus.enabled, true);
        });

        it("IP endpoint: private only in prod, public to authorized networks in dev, and to exactly apiAllowedCidrs when given", async () => {
            const p = one(prod, T.cluster).inputs as any;
            assert.deepStrictEqual([p.privateClusterConfig.enablePrivateNodes, p.privateClusterConfig.enablePrivateEndpoint, p.masterAuthorizedNetworksConfig.cidrBlocks], [true, true, []]);
            const d = one(dev, T.cluster).inputs as any;
            assert.deepStrictEqual([d.privateClusterConfig.enablePrivateNodes, d.privateClusterConfig.enablePrivateEndpoint], [true, false]);
            assert.deepStrictEqual(d.masterAuthorizedNetworksConfig.cidrBlocks.map((b: any) => b.cidrBlock), ["0.0.0.0/0"]);
            const listed = await planFor(stackConfig("gcp", "prod", { [`${ns}:kubernetes`]: { apiAllowedCidrs: ["203.0.113.0/24", "198.51.100.16/28"] } }));
            const l = one(listed, T.cluster).inputs as any;
            assert.strictEqual(l.privateClusterConfig.enablePrivateEndpoint, false);
            assert.deepStrictEqual(l.masterAuthorizedNetworksConfig, {
                cidrBlocks: [
                    { cidrBlock: "203.0.113.0/24", displayName: "apiAllowedCidrs[0]" },
                    { cidrBlock: "198.51.100.16/28", displayName: "apiAllowedCidrs[1]" },
                ],
                gcpPublicCidrsAccessEnabled: false,
                privateEndpointEnforcementEnabled: false,
            });
            assertCleanPlan(listed, "gcp", "prod");
            for (const c of [p, d, l]) {
                assert.deepStrictEqual(
                    c.controlPlaneEndpointsConfig,
                    { dnsEndpointConfig: { allowExternalTraffic: true, enableK8sCertsViaDns: false, enableK8sTokensViaDns: false }, ipEndpointsConfig: { enabled: true } },
                    "the DNS-based endpoint admits IAM principals from anywhere, and Google credentials only",
                );
            }
        });

        it("writes the kubeconfig for the DNS-based endpoint: publicly trusted TLS (no cluster CA), gke-gcloud-auth-plugin, no credential", async () => {
            const text = await new Promise<string>((resolve) =>
                gkeKubeconfig({ project, location: "us-central1", clusterName: "c", server: "https://gke-0123abcd.us-central1.gke.goog" }).apply(resolve),
            );
            const config = parse(text);
            assert.deepStrictEqual(config.clusters, [{ name: `gke_${project}_us-central1_c`, cluster: { server: "https://gke-0123abcd.us-central1.gke.goog" } }]);
            assert.strictEqual(config.users[0].user.exec.command, "gke-gcloud-auth-plugin");
            assert.deepStrictEqual(Object.keys(config.users[0].user), ["exec"]);
        });

        it("runs Workload Identity, shielded nodes, Dataplane V2 and VPC-native ranges; removes the default pool; protects only the prod cluster", () => {
            for (const [r, protectedCluster] of [[prod, true], [dev, false]] as const) {
                const c = one(r, T.cluster);
                const i = c.inputs as any;
                assert.deepStrictEqual(i.workloadIdentityConfig, { workloadPool: `${project}.svc.id.goog` });
                assert.deepStrictEqual([i.enableShieldedNodes, i.datapathProvider, i.networkingMode, i.removeDefaultNodePool], [true, "ADVANCED_DATAPATH", "VPC_NATIVE", true]);
                assert.deepStrictEqual(i.ipAllocationPolicy, { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services", stackType: "IPV4" });
                assert.ok(c.propertyDependencies.subnetwork.includes(one(r, T.subnet, "nodes").urn));
                assert.strictEqual(i.deletionProtection, protectedCluster);
                assert.deepStrictEqual(c.ignoreChanges, ["nodeConfig"], "the removed default pool's config never replaces the cluster");
                assert.deepStrictEqual(i.clusterAutoscaling, { autoscalingProfile: protectedCluster ? "BALANCED" : "OPTIMIZE_UTILIZATION", enabled: false });
                assert.strictEqual(i.maintenancePolicy?.recurringWindow?.recurrence, protectedCluster ? "FREQ=WEEKLY;BYDAY=SA,SU" : undefined, "prod upgrades on weekend nights");
            }
        });

        it("sizes the system pool from systemNodes as totals over the zones, on a least-privilege node account with CMEK boot disks", () => {
            const p = one(prod, T.pool, "system");
            assert.deepStrictEqual(p.inputs.autoscaling, { locationPolicy: "BALANCED", totalMaxNodeCount: 7, totalMinNodeCount: 3 });
            assert.deepStrictEqual([p.inputs.initialNodeCount, nodeConfig(p).machineType], [1, "n2-standard-8"]);
            const d = one(dev, T.pool, "system");
            assert.deepStrictEqual([d.inputs.autoscaling, d.inputs.initialNodeCount, nodeConfig(d).machineType], [{ locationPolicy: "BALANCED", totalMaxNodeCount: 3, totalMinNodeCount: 1 }, 1, "e2-standard-4"]);
            const account = one(prod, T.gsa, "nodes");
            assert.strictEqual(account.inputs.accountId, "adp-test-nodes");
            const roles = dependents(prod, account, T.projectGrant, "member");
            assert.deepStrictEqual(roles.map((g) => g.inputs.role).sort(), ["roles/artifactregistry.reader", "roles/container.defaultNodeServiceAccount"]);
            const diskGrant = one(prod, T.keyGrant, "node-disks-compute-agent");
            assert.strictEqual(diskGrant.inputs.member, computeAgent);
            for (const g of [diskGrant, ...roles]) {
                assert.ok(grantsReady(prod).dependencies.includes(g.urn), `${g.name} propagates before nodes boot`);
            }
            for (const pool of ofType(prod, T.pool)) {
                const n = nodeConfig(pool);
                assert.ok(pool.propertyDependencies.nodeConfig.includes(account.urn), `${pool.name} runs as the node account`);
                assert.ok(pool.propertyDependencies.nodeConfig.includes(one(prod, T.key, "primary").urn), `${pool.name} boot disks on the platform key`);
                assert.ok(pool.dependencies.includes(grantsReady(prod).urn), `${pool.name} waits until the disk key grant has propagated`);
                assert.deepStrictEqual([n.workloadMetadataConfig, n.shieldedInstanceConfig], [{ mode: "GKE_METADATA" }, { enableIntegrityMonitoring: true, enableSecureBoot: true }]);
                assert.deepStrictEqual(pool.ignoreChanges, ["initialNodeCount"]);
            }
        });

        it("hands a Kubernetes provider for the cluster to the platform namespace, and exports the kubeconfig as a secret", async () => {
            const provider = one(prod, T.k8sProvider, "cluster");
            const c = one(prod, T.cluster);
            assert.ok(provider.propertyDependencies.clusterIdentifier.includes(c.urn), "replaced only with the cluster");
            assert.ok(provider.dependencies.includes(one(prod, T.pool, "system").urn), "objects wait for nodes");
            const namespace = one(prod, T.namespace, "platform");
            assert.strictEqual(namespace.provider, provider.urn);
            assert.strictEqual((namespace.inputs.metadata as any).name, "ai-data-platform");
            assert.strictEqual(prod.outputs.platformNamespace, "ai-data-platform");
        });
    });

    describe("GPU pools", () => {
        const expected = {
            serve: { machineType: "g2-standard-4", accelerator: "nvidia-l4", count: 1, zones: ["us-central1-a", "us-central1-b", "us-central1-c"] },
            train: { machineType: "a2-ultragpu-8g", accelerator: "nvidia-a100-80gb", count: 8, zones: ["us-central1-a", "us-central1-c"] },
            batch: { machineType: "n1-highmem-8", accelerator: "nvidia-tesla-t4", count: 2, zones: ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"] },
        } as const;

        it("maps each model to the table's machine and accelerator (or the configured machine), only in zones that have the GPU", () => {
            for (const [name, e] of Object.entries(expected)) {
                const pool = one(prod, T.pool, `gpu-${name}`);
                const n = nodeConfig(pool);
                assert.strictEqual(n.machineType, e.machineType, name);
                assert.deepStrictEqual(n.guestAccelerators, [{ count: e.count, gpuDriverInstallationConfig: { gpuDriverVersion: "DEFAULT" }, type: e.accelerator }], name);
                assert.deepStrictEqual(nodeLocations(pool), e.zones, name);
            }
            assert.deepStrictEqual(
                (prod.outputs.gpuPools as any[]).map((p) => [p.name, p.machineType]),
                [["serve", "g2-standard-4"], ["train", "a2-ultragpu-8g"], ["batch", "n1-highmem-8"]],
            );
            // The table itself, for the models the pools above do not use.
            assert.deepStrictEqual(gpuMachine("gcp", "nvidia-h100-80gb", 8), { machineType: "a3-highgpu-8g", accelerator: "nvidia-h100-80gb" });
            assert.deepStrictEqual(gpuMachine("gcp", "nvidia-a100-40gb", 2), { machineType: "a2-highgpu-2g", accelerator: "nvidia-tesla-a100" });
            assert.deepStrictEqual(gpuMachine("gcp", "nvidia-t4", 1), { machineType: "n1-standard-4", accelerator: "nvidia-tesla-t4" });
            assert.strictEqual(gcpAccelerator("nvidia-a10g"), undefined, "GCP has no A10G");
            assert.deepStrictEqual(acceleratorZones("nvidia-h100-80gb", "europe-west4"), ["europe-west4-b", "europe-west4-c"]);
        });

        it("taints every GPU pool nvidia.com/gpu=present:NoSchedule and labels its nodes with the pool and the model", () => {
            for (const r of [prod, dev]) {
                const pools = ofType(r, T.pool).filter((p) => p.name.startsWith("gpu-"));
                assert.ok(pools.length > 0);
                for (const pool of pools) {
                    const name = pool.name.slice("gpu-".length);
                    const n = nodeConfig(pool);
                    assert.deepStrictEqual(n.taints, [{ effect: "NO_SCHEDULE", key: gpuTaint.key, value: gpuTaint.value }]);
                    const gpu = (r === prod ? prodKubernetes.gpuPools.find((p) => p.name === name)!.gpu : "nvidia-t4");
                    assert.deepStrictEqual(n.labels, { "ai-data-platform/gpu": gpu, "ai-data-platform/gpu-pool": name });
                    assert.ok(pool.dependencies.includes(one(r, T.pool, "system").urn), "created after the system pool");
                }
            }
            assert.deepStrictEqual(nodeConfig(one(prod, T.pool, "system")).taints, undefined, "the system pool takes everything else");
        });

        it("scales between the configured totals, from zero where minNodes is 0; spot per setting (dev default spot, prod on-demand)", () => {
            const pools = byName(prod, T.pool);
            assert.deepStrictEqual(
                ["serve", "train", "batch"].map((n) => {
                    const p = pools.get(`gpu-${n}`)!;
                    return [n, (p.inputs.autoscaling as any).totalMinNodeCount, (p.inputs.autoscaling as any).totalMaxNodeCount, p.inputs.initialNodeCount, nodeConfig(p).spot, (p.inputs.autoscaling as any).locationPolicy];
                }),
                [
                    ["serve", 0, 3, 0, false, "BALANCED"],
                    ["train", 0, 2, 0, false, "BALANCED"],
                    ["batch", 1, 4, 1, true, "ANY"],
                ],
            );
            const d = one(dev, T.pool, "gpu-inference");
            assert.deepStrictEqual([d.inputs.autoscaling, d.inputs.initialNodeCount, nodeConfig(d).spot], [{ locationPolicy: "ANY", totalMaxNodeCount: 2, totalMinNodeCount: 0 }, 0, true]);
        });
    });

    describe("workload identity", () => {
        it("inference: a Google service account only the inference KSA may impersonate, holding read access to the lake", () => {
            const gsa = one(prod, T.gsa, "inference-reader");
            assert.strictEqual(gsa.inputs.accountId, "adp-test-inference-reader");
            const binding = one(prod, T.gsaBinding, "inference-reader-workload-identity");
            assert.deepStrictEqual(
                [binding.inputs.role, binding.inputs.member],
                ["roles/iam.workloadIdentityUser", `serviceAccount:${project}.svc.id.goog[ai-data-platform/inference]`],
            );
            assert.ok(binding.propertyDependencies.serviceAccountId.includes(gsa.urn));
            assert.ok(binding.dependencies.includes(one(prod, T.cluster).urn), "the pool exists once the cluster does");
            const [grant] = dependents(prod, gsa, T.bucketGrant, "member");
            assert.strictEqual(grant.inputs.role, "roles/storage.objectViewer");
            assert.ok(grant.propertyDependencies.bucket.includes(one(prod, T.bucket, "lake").urn));
            const ksa = one(prod, T.ksa, "inference-reader");
            assert.deepStrictEqual([(ksa.inputs.metadata as any).name, (ksa.inputs.metadata as any).namespace], ["inference", "ai-data-platform"]);
            assert.ok(ksa.propertyDependencies.metadata.includes(gsa.urn), "annotated with the Google service account");
            assert.ok(Object.keys((ksa.inputs.metadata as any).annotations).includes("iam.gke.io/gcp-service-account"));
            // Pods of the account get tokens and lake access from their first start.
            assert.ok(ksa.dependencies.includes(binding.urn) && ksa.dependencies.includes(grant.urn), "the KSA waits for the impersonation binding and the grants");
            assert.strictEqual(ksa.provider, one(prod, T.k8sProvider, "cluster").urn);
            assert.ok(ksa.dependencies.includes(one(prod, T.namespace, "platform").urn));
        });

        it("any namespace and any grants: the binding names exactly that KSA, and every grant attaches to the new account", async () => {
            const attached: string[] = [];
            const topicGrant: AccessGrant = {
                description: "produce to raw-events",
                attach: (principal, name, opts) => {
                    attached.push(name);
                    return [new gcp.pubsub.TopicIAMMember(name, { topic: "raw-events", role: "roles/pubsub.publisher", member: principalOf(principal, "gcp").member }, opts)];
                },
            };
            const config = flatConfig(stackConfig("gcp", "dev"));
            const { resources } = await runProgram({
                project: ns,
                stack: "dev",
                config,
                program: () => {
                    const platform = buildPlatform(readPlatformConfig());
                    platform.cluster.workloadIdentity("airflow-logs", { namespace: "airflow", serviceAccount: "airflow-worker", grants: [platform.lake.grant("read-write"), topicGrant] });
                },
            });
            const r = { resources };
            const gsa = one(r, T.gsa, "airflow-logs");
            assert.strictEqual(gsa.inputs.accountId, "adp-dev-airflow-logs");
            assert.deepStrictEqual(one(r, T.gsaBinding, "airflow-logs-workload-identity").inputs.member, `serviceAccount:${project}.svc.id.goog[airflow/airflow-worker]`);
            assert.deepStrictEqual(attached, ["airflow-logs-grant-1"]);
            const lakeGrant = one(r, T.bucketGrant, "airflow-logs-grant-0");
            assert.strictEqual(lakeGrant.inputs.role, "roles/storage.objectUser");
            for (const g of [lakeGrant, one(r, "gcp:pubsub/topicIAMMember:TopicIAMMember", "airflow-logs-grant-1")]) {
                assert.ok(g.propertyDependencies.member.includes(gsa.urn), g.name);
                assert.strictEqual(g.retainOnDelete, false);
            }
            const ksa = one(r, T.ksa, "airflow-logs");
            assert.strictEqual((ksa.inputs.metadata as any).namespace, "airflow");
            assert.ok(!ksa.dependencies.includes(one(r, T.namespace, "platform").urn), "another namespace is the caller's to create");
            assert.ok(ksa.propertyDependencies.metadata.includes(gsa.urn));
        });

        it("keeps account ids within 30 characters, distinct and stable", () => {
            const a = serviceAccountId({ stack: "production-europe" }, "inference-model-reader-long");
            const b = serviceAccountId({ stack: "production-europe" }, "inference-model-reader-long2");
            assert.ok(a.length <= 30 && b.length <= 30, `${a} ${b}`);
            assert.match(a, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
            assert.notStrictEqual(a, b);
            assert.strictEqual(a, serviceAccountId({ stack: "production-europe" }, "inference-model-reader-long"));
            assert.strictEqual(serviceAccountId({ stack: "prod" }, "Airflow_Logs"), "adp-prod-airflow-logs");
        });
    });

    describe("inference on the GPU pool", () => {
        it("schedules the inference pods on the chosen pool (and no other), after the pools exist, as the identity's KSA", () => {
            const deployment = one(prod, T.deployment, "inference");
            const pod = (deployment.inputs.spec as any).template.spec;
            const fits = ofType(prod, T.pool).filter((p) => schedulable(pod, p)).map((p) => p.name);
            assert.deepStrictEqual(fits, ["gpu-serve"]);
            assert.strictEqual(pod.serviceAccountName, "inference");
            for (const p of ofType(prod, T.pool).filter((x) => x.name.startsWith("gpu-"))) {
                assert.ok(deployment.dependencies.includes(p.urn), `waits for ${p.name}`);
            }
            assert.strictEqual(deployment.provider, one(prod, T.k8sProvider, "cluster").urn);
        });
    });

    describe("config errors on gcp", () => {
        it("refuses a version GKE's Regular channel no longer offers", () => {
            const err = configError({ [`${ns}:kubernetes`]: { version: "1.33" } });
            assert.strictEqual(err.message, 'invalid config ai-data-platform:kubernetes.version: got "1.33"; allowed: "1.34" or later on gcp (the oldest minor GKE\'s Regular channel still offers for new clusters)');
        });

        it("refuses a GPU the region does not have, listing the ones it has and the regions that have it", () => {
            const err = configError({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "big", gpu: "nvidia-h100-80gb", gpusPerNode: 8 }] } }, "prod", {
                "ai-data-platform:region": "us-west2",
            });
            assert.strictEqual(err.key, `${ns}:kubernetes.gpuPools[0].gpu`);
            assert.match(err.message, /allowed: a GPU gcp offers in us-west2: nvidia-t4 \(nvidia-h100-80gb is in asia-east1, .*us-central1, us-east4, us-east5, us-west1, us-west4\)$/);
            // The default pool (T4) is refused too where the region has no T4.
            assert.strictEqual(configError({}, "dev", { "ai-data-platform:region": "europe-west6", "ai-data-platform:backupRegion": "europe-west4" }).key, `${ns}:kubernetes.gpuPools[0].gpu`);
        });

        it("refuses a maxNodes below the size GKE starts a pool at (the same count in each zone)", () => {
            const system = configError({ [`${ns}:kubernetes`]: { systemNodes: { minNodes: 4, maxNodes: 5 } } });
            assert.strictEqual(
                system.message,
                "invalid config ai-data-platform:kubernetes.systemNodes.maxNodes: got 5; allowed: 6 or more on gcp: GKE starts the system pool with the same number of nodes in each of its 3 zones, so minNodes 4 starts it at 6",
            );
            const gpu = configError({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "warm", gpu: "nvidia-t4", minNodes: 1, maxNodes: 2 }] } });
            assert.strictEqual(gpu.key, `${ns}:kubernetes.gpuPools[0].maxNodes`);
            assert.match(gpu.message, /allowed: 4 or more on gcp: GKE starts GPU pool warm with the same number of nodes in each of its 4 zones/);
            const flat = Object.fromEntries(
                Object.entries(stackConfig("gcp", "prod", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "warm", gpu: "nvidia-t4", minNodes: 1, maxNodes: 4 }] } })).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
            );
            assert.strictEqual(parsePlatformConfig(flat, { project: ns, stack: "prod" }).kubernetes.gpuPools[0].maxNodes, 4, "4 zones × 1 fits");
        });

        it("refuses more authorized networks than GKE takes, and a pod range too small for the nodes the pools can reach", () => {
            const many = Array.from({ length: 101 }, (_, i) => `203.0.${Math.floor(i / 16)}.${(i % 16) * 16}/28`);
            assert.strictEqual(
                configError({ [`${ns}:kubernetes`]: { apiAllowedCidrs: many } }).message,
                'invalid config ai-data-platform:kubernetes.apiAllowedCidrs: got "101 ranges"; allowed: at most 100 ranges on gcp (GKE authorized networks of a cluster with private nodes)',
            );
            const pods = configError({ [`${ns}:network`]: { podCidr: "100.64.0.0/20" }, [`${ns}:kubernetes`]: { gpuPools: [{ name: "wide", gpu: "nvidia-t4", maxNodes: 20 }] } });
            assert.strictEqual(
                pods.message,
                'invalid config ai-data-platform:network.podCidr: got "100.64.0.0/20"; allowed: /19 or wider on gcp: GKE gives each node a /24 of it, and the pools can reach 27 nodes during an upgrade (a /20 holds 16)',
            );
        });
    });
});

function nodeLocations(pool: RecordedResource): string[] {
    return pool.inputs.nodeLocations as string[];
}
