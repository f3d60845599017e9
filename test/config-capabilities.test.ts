import * as assert from "assert";
import { countsOffered, gpuCatalog, gpuMachine, modelsOffered } from "../components/gpu/catalog";
import { addressPlan, overlaps } from "../components/network/address-plan";
import { assertRefused, parsedConfig } from "./support/config";
import { Cloud } from "../components/shared/context";

const ns = "ai-data-platform";
const parse = (cloud: Cloud, env: "dev" | "prod", overrides: Record<string, unknown> = {}) => parsedConfig(cloud, overrides, env);


describe("config: network, Kubernetes, inference and streams", () => {
    describe("defaults per environment", () => {
        it("prod: private API endpoint, three system nodes, on-demand GPUs from zero; streams archived and replicated", () => {
            const c = parse("aws", "prod");
            assert.deepStrictEqual(c.network, { cidr: "10.40.0.0/16", podCidr: "100.64.0.0/16", serviceCidr: "172.20.0.0/16" });
            assert.deepStrictEqual(c.kubernetes.apiAllowedCidrs, []);
            assert.deepStrictEqual(c.kubernetes.systemNodes, { minNodes: 3, maxNodes: 6 });
            assert.deepStrictEqual(c.kubernetes.gpuPools, [{ name: "inference", gpu: "nvidia-t4", gpusPerNode: 1, minNodes: 0, maxNodes: 4, spot: false }]);
            assert.strictEqual(c.inference, undefined, "inference is off unless configured");
            assert.deepStrictEqual([c.stream.archiveToLake, c.stream.replicateToBackupRegion, c.stream.dlqRetentionHours], [true, true, 336]);
            assert.deepStrictEqual(c.stream.topics, [{ name: "raw-events", partitions: 3, retentionHours: 168 }]);
        });
        it("dev: spot GPUs scaling from zero, one system node, no stream copy", () => {
            const c = parse("gcp", "dev");
            assert.strictEqual(c.kubernetes.gpuPools[0].spot, true);
            assert.strictEqual(c.kubernetes.gpuPools[0].minNodes, 0);
            assert.deepStrictEqual(c.kubernetes.systemNodes, { minNodes: 1, maxNodes: 3 });
            assert.deepStrictEqual([c.stream.archiveToLake, c.stream.replicateToBackupRegion], [false, false]);
        });
        it("a pool's spot follows the environment unless set, and an inference section gets its defaults", () => {
            const c = parse("azure", "prod", {
                [`${ns}:kubernetes`]: { gpuPools: [{ name: "train", gpu: "nvidia-a100-80gb", gpusPerNode: 8, maxNodes: 2, spot: true }, { name: "serve", gpu: "nvidia-t4" }] },
                [`${ns}:inference`]: { image: "ghcr.io/example/model:1", pool: "serve" },
            });
            assert.deepStrictEqual(c.kubernetes.gpuPools.map((p) => [p.name, p.spot]), [["train", true], ["serve", false]]);
            assert.deepStrictEqual(c.inference, { image: "ghcr.io/example/model:1", gpusPerReplica: 1, minReplicas: 2, maxReplicas: 4, port: 8080, healthPath: "/health", pool: "serve", cpu: "2", memory: "8Gi" });
        });
    });

    describe("errors", () => {
        it("a GPU model the chosen cloud does not offer lists the ones it does", () => {
            assertRefused("azure", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-l4" }] } }, "kubernetes.gpuPools[0].gpu", /a GPU azure offers: nvidia-t4, nvidia-a100-40gb, nvidia-a100-80gb, nvidia-h100-80gb/);
            assertRefused("gcp", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-a10g" }] } }, "kubernetes.gpuPools[0].gpu", /a GPU gcp offers: nvidia-t4, nvidia-l4, /);
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-b200" }] } }, "kubernetes.gpuPools[0].gpu", /nvidia-t4 \| nvidia-a10g \| nvidia-l4/);
        });
        it("a GPU count no machine has lists the counts, unless a machine type is named", () => {
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-l4", gpusPerNode: 2 }] } }, "kubernetes.gpuPools[0].gpusPerNode", /a count aws offers nvidia-l4 in: 1, 4, 8 \(or name a machineType\)/);
            const c = parse("aws", "prod", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-l4", gpusPerNode: 2, machineType: "g6.24xlarge" }] } });
            assert.strictEqual(c.kubernetes.gpuPools[0].machineType, "g6.24xlarge");
        });
        it("pool names that clash, break a cloud's naming rule, or pools whose max is below their min", () => {
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-t4" }, { name: "serve", gpu: "nvidia-t4" }] } }, "kubernetes.gpuPools[1].name", /taken: serve/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "gpu-pool", gpu: "nvidia-t4" }] } }, "kubernetes.gpuPools[0].name", /1-12 lowercase letters and digits/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-t4", minNodes: 3, maxNodes: 2 }] } }, "kubernetes.gpuPools[0].maxNodes", /3 or more/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { systemNodes: { minNodes: 4, maxNodes: 3 } } }, "kubernetes.systemNodes.maxNodes", /4 or more/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-t4", spot: "yes" }] } }, "kubernetes.gpuPools[0].spot", /true \| false/);
        });
        it("an unquoted version, a bad CIDR, and an unknown key inside a pool", () => {
            assertRefused("aws", { [`${ns}:kubernetes`]: { version: 1.3 } }, "kubernetes.version", /in quotes, such as "1\.33"/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { apiAllowedCidrs: ["203.0.113.5/24"] } }, "kubernetes.apiAllowedCidrs[0]", /the address must be the block's first/);
            assertRefused("aws", { [`${ns}:kubernetes`]: { gpuPools: [{ name: "serve", gpu: "nvidia-t4", gpusPerNod: 1 }] } }, "kubernetes.gpuPools[0].gpusPerNod", /did you mean gpusPerNode\?/);
        });
        it("networks too wide, too narrow, public, or overlapping the pod and service ranges", () => {
            assertRefused("aws", { [`${ns}:network`]: { cidr: "10.0.0.0/12" } }, "network.cidr", /a block from \/16 to \/20/);
            assertRefused("aws", { [`${ns}:network`]: { cidr: "10.40.0.0/24" } }, "network.cidr", /a block from \/16 to \/20/);
            assertRefused("aws", { [`${ns}:network`]: { cidr: "52.10.0.0/16" } }, "network.cidr", /a private \(RFC 1918\) block/);
            assertRefused("aws", { [`${ns}:network`]: { cidr: "172.20.0.0/16" } }, "network.serviceCidr", /a block outside network\.cidr \(172\.20\.0\.0\/16\)/);
            assertRefused("aws", { [`${ns}:network`]: { podCidr: "172.20.0.0/16" } }, "network.serviceCidr", /a block apart from network\.podCidr/);
        });
        it("inference that no pool can hold", () => {
            assertRefused("aws", { [`${ns}:inference`]: { image: "x", pool: "other" } }, "inference.pool", /one of the GPU pools: inference/);
            assertRefused("aws", { [`${ns}:inference`]: { image: "x", gpusPerReplica: 2 } }, "inference.gpusPerReplica", /at most 1: a replica runs on one node of pool inference/);
            assertRefused("aws", { [`${ns}:inference`]: { image: "x", minReplicas: 5, maxReplicas: 8 } }, "inference.minReplicas", /at most 4: pool inference holds 4 replicas at its maxNodes \(4\)/);
            assertRefused("aws", { [`${ns}:inference`]: { image: "x" }, [`${ns}:kubernetes`]: { gpuPools: [] } }, "inference", /the service runs on a GPU pool/);
            assertRefused("aws", { [`${ns}:inference`]: { gpusPerReplica: 1 } }, "inference.image", /the container image/);
        });
        it("topic names Kafka refuses, duplicates, and dead letters kept shorter than their topic", () => {
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "raw events" }] } }, "stream.topics[0].name", /Kafka's rule/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: ".." }] } }, "stream.topics[0].name", /Kafka's rule/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "a" }, { name: "a" }] } }, "stream.topics[1].name", /a is listed twice/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "a.b" }, { name: "a_b" }] } }, "stream.topics[1].name", /a_b clashes with a\.b/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "a", partitions: 0 }] } }, "stream.topics[0].partitions", /1 or more/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "a", retentionHours: 0 }] } }, "stream.topics[0].retentionHours", /a whole number of hours, 1 or more/);
            assertRefused("aws", { [`${ns}:stream`]: { topics: [{ name: "a", retentionHours: 720 }] } }, "stream.dlqRetentionHours", /720 or more: a dead-letter topic keeps its messages at least as long as its topic \(a\)/);
        });
    });
});

describe("the address plan", () => {
    it("carves zone subnets, public subnets, an endpoint subnet and a managed-services block without overlap", () => {
        for (const [cidr, zones] of [["10.40.0.0/16", 3], ["192.168.0.0/20", 2]] as const) {
            const p = addressPlan(cidr, zones, "100.64.0.0/16", "172.20.0.0/16");
            assert.strictEqual(p.privateSubnets.length, zones);
            assert.strictEqual(p.publicSubnets.length, zones);
            const blocks = [...p.privateSubnets, ...p.publicSubnets, p.endpointSubnet, p.managedServicesRange];
            for (const b of blocks) {
                assert.ok(overlaps(b, cidr), `${b} inside ${cidr}`);
            }
            for (let i = 0; i < blocks.length; i++) {
                for (let j = i + 1; j < blocks.length; j++) {
                    assert.ok(!overlaps(blocks[i], blocks[j]), `${blocks[i]} and ${blocks[j]} are apart`);
                }
            }
        }
        assert.deepStrictEqual(addressPlan("10.40.0.0/16", 3, "100.64.0.0/16", "172.20.0.0/16").privateSubnets, ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]);
    });
});

describe("the GPU table", () => {
    it("keeps a model the same part on every cloud that offers it, and T4s (the default pool) everywhere", () => {
        for (const cloud of ["aws", "gcp", "azure"] as const) {
            assert.ok(modelsOffered(cloud).includes("nvidia-t4"), `${cloud} offers the default pool's T4`);
            for (const model of modelsOffered(cloud)) {
                for (const count of countsOffered(cloud, model)) {
                    assert.ok(gpuMachine(cloud, model, count).machineType.length > 0);
                }
            }
        }
        assert.deepStrictEqual(gpuMachine("gcp", "nvidia-l4", 1), { machineType: "g2-standard-4", accelerator: "nvidia-l4" });
        assert.strictEqual(gpuMachine("aws", "nvidia-l4", 1, "g6.2xlarge").machineType, "g6.2xlarge");
        assert.ok(!gpuCatalog.azure["nvidia-l4"], "Azure offers no L4");
        assert.throws(() => gpuMachine("azure", "nvidia-t4", 2), /azure has no machine with 2 × nvidia-t4/);
    });
});
