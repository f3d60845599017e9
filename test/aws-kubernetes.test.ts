import * as assert from "assert";
import { addressPlan } from "../components/network/address-plan";
import { podBlocks } from "../components/network/aws";
import { kubeconfigFor, vpcCniConfiguration } from "../components/kubernetes/aws";
import { adminResourceName } from "../components/kubernetes/aws-access";
import { eksVersions } from "../components/kubernetes/aws-limits";
import { awsGpuCount, nvidiaX86InstanceType } from "../components/gpu/aws-limits";
import { awsGpus } from "../components/gpu/catalog/aws";
import { gpuModels } from "../components/gpu/catalog/models";
import { parsePlatformConfig } from "../stacks/config";
import { PlanResult } from "../tools/offline/plan";
import { RecordedResource } from "../tools/offline/types";
import { assertRefused, configErrorFor, flatConfig } from "./support/config";
import { assertCleanPlan, dependents, ofType, one, planFor, stackConfig } from "./support/stack";
import { unsupportedZoneIds } from "../components/network/aws-limits";

// Issue #4 on AWS, through the same offline preview as `npm run plan`: the network, the EKS cluster,
// the GPU pools, workload identity and the inference service landing on a pool.

const ns = "ai-data-platform";
const T = {
    key: "aws:kms/key:Key",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    cidr: "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
    nat: "aws:ec2/natGateway:NatGateway",
    eip: "aws:ec2/eip:Eip",
    route: "aws:ec2/route:Route",
    routeTable: "aws:ec2/routeTable:RouteTable",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    cluster: "aws:eks/cluster:Cluster",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    addon: "aws:eks/addon:Addon",
    grant: "aws:kms/grant:Grant",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    podIdentity: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    asgTag: "aws:autoscaling/tag:Tag",
    release: "kubernetes:helm.sh/v3:Release",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    namespace: "kubernetes:core/v1:Namespace",
    deployment: "kubernetes:apps/v1:Deployment",
    bucket: "aws:s3/bucket:Bucket",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    serviceLinkedRole: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
};

const pools = [
    { name: "t4", gpu: "nvidia-t4", minNodes: 1, maxNodes: 4 },
    { name: "lfour", gpu: "nvidia-l4", gpusPerNode: 4, maxNodes: 2, spot: true },
    // Asks for 2 GPUs per node on a machine with 4: allowed, and the autoscaler is told 4.
    { name: "custom", gpu: "nvidia-a10g", gpusPerNode: 2, machineType: "g5.24xlarge", maxNodes: 1 },
    { name: "hundred", gpu: "nvidia-h100-80gb", gpusPerNode: 8, maxNodes: 1 },
];
const inference = { image: "ghcr.io/example/server:1.0", pool: "t4" };

// The AWS-only Kubernetes keys and the other dev variants, in one plan (each test reads only its part):
// a custom system pool, no GPU pools, two more cluster admins and the Auto Scaling service-linked role.
const admins = ["arn:aws:iam::123456789012:role/platform-admins", "arn:aws:iam::210987654321:role/ci/deploy"];
const devVariants = stackConfig("aws", "dev", {
    [`${ns}:kubernetes`]: { systemNodes: { minNodes: 2, maxNodes: 5, machineType: "m7g.large" }, gpuPools: [], adminPrincipalArns: admins, createAutoscalingServiceLinkedRole: true },
});

const deps = (r: RecordedResource, property: string) => r.propertyDependencies[property] ?? [];
const dependsOn = (r: RecordedResource, target: RecordedResource) => r.dependencies.includes(target.urn);
const byUrn = (result: PlanResult, urn: string) => result.resources.find((x) => x.urn === urn)!;

describe("AWS network, EKS cluster and GPU pools (offline preview)", function () {
    let prod: PlanResult;
    let dev: PlanResult;
    let restricted: PlanResult;
    before(async () => {
        prod = await planFor(stackConfig("aws", "prod", { [`${ns}:kubernetes`]: { gpuPools: pools }, [`${ns}:inference`]: inference }));
        dev = await planFor(stackConfig("aws", "dev"));
        restricted = await planFor(stackConfig("aws", "prod", { [`${ns}:kubernetes`]: { apiAllowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"] } }));
    });

    it("prod with four GPU pools and inference, dev with defaults: no policy violation at all", () => {
        assertCleanPlan(prod, "aws", "prod");
        assertCleanPlan(dev, "aws", "dev");
        assertCleanPlan(restricted, "aws", "prod");
    });

    describe("network", () => {
        // The platform network only: in prod the streams' replica cluster has a VPC of its own in the backup region.
        const inPrimary = (r: PlanResult): PlanResult => {
            const backup = r.resources.find((p) => p.type === "pulumi:providers:aws" && p.name === "backup")!.urn;
            return { ...r, resources: r.resources.filter((x) => x.provider !== backup) };
        };
        it("leaves out the zones EKS and MSK refuse, by zone id (names differ per account)", () => {
            const r = inPrimary(prod);
            assert.deepStrictEqual(unsupportedZoneIds, ["use1-az3", "usw1-az2", "cac1-az3"]);
            const zones = ofType(r, T.subnet).filter((s) => s.name.startsWith("private-")).map((s) => s.inputs.availabilityZone);
            assert.ok(!zones.includes("us-east-1c") && zones.length === 3, String(zones));
        });

        for (const env of ["prod", "dev"] as const) {
            it(`${env}: private and public subnets per zone from the address plan, pods in subnets of the pod range`, () => {
                const r = inPrimary(env === "prod" ? prod : dev);
                const zones = env === "prod" ? 3 : 2;
                const plan = addressPlan("10.40.0.0/16", zones, "100.64.0.0/16", "172.20.0.0/16");
                const subnets = (prefix: string) => ofType(r, T.subnet).filter((s) => s.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
                // Offline us-east-1c is use1-az3, where EKS and MSK place nothing: the network skips it.
                const letters = ["a", "b", "d"].slice(0, zones);
                assert.deepStrictEqual(subnets("private-").map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]), plan.privateSubnets.map((c, i) => [c, `us-east-1${letters[i]}`]));
                assert.deepStrictEqual(subnets("public-").map((s) => s.inputs.cidrBlock), plan.publicSubnets);
                assert.ok(subnets("public-").every((s) => (s.inputs.tags as any)["kubernetes.io/role/elb"] === "1" && s.inputs.mapPublicIpOnLaunch === false));
                assert.ok(subnets("private-").every((s) => (s.inputs.tags as any)["kubernetes.io/role/internal-elb"] === "1"));
                assert.deepStrictEqual(subnets("pods-").map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone]), podBlocks("100.64.0.0/16", zones).map((c, i) => [c, `us-east-1${letters[i]}`]));
                const podCidr = one(r, T.cidr);
                assert.strictEqual(podCidr.inputs.cidrBlock, "100.64.0.0/16");
                assert.ok(subnets("pods-").every((s) => dependsOn(s, podCidr)), "pod subnets wait for the secondary block");
                assert.strictEqual(one(r, T.subnet, "endpoints").inputs.cidrBlock, plan.endpointSubnet);
                assert.strictEqual(one(r, T.vpc).inputs.cidrBlock, "10.40.0.0/16");
                assert.deepStrictEqual([r.outputs.podRange, r.outputs.serviceRange], ["100.64.0.0/16", "172.20.0.0/16"]);
            });
        }

        it("NAT per environment: one per zone in prod, each zone's private route through its own; a single one in dev", () => {
            const primaryProd = inPrimary(prod);
            const natOf = (r: PlanResult, table: string) => {
                const route = ofType(r, T.route).find((x) => x.name === `${table}-egress`)!;
                assert.strictEqual(route.inputs.destinationCidrBlock, "0.0.0.0/0");
                return byUrn(r, deps(route, "natGatewayId")[0]).name;
            };
            assert.strictEqual(ofType(primaryProd, T.nat).length, 3);
            assert.deepStrictEqual(["private-a", "private-b", "private-c"].map((t) => natOf(primaryProd, t)), ["nat-a", "nat-b", "nat-c"]);
            assert.strictEqual(ofType(dev, T.nat).length, 1);
            assert.deepStrictEqual(["private-a", "private-b"].map((t) => natOf(dev, t)), ["nat-a", "nat-a"]);
            for (const nat of ofType(primaryProd, T.nat)) {
                assert.ok(deps(nat, "subnetId").some((u) => byUrn(primaryProd, u).name.startsWith("public-")), "NAT gateways live in public subnets");
            }
        });

        it("an S3 gateway endpoint on every private route table", () => {
            for (const r of [inPrimary(prod), dev]) {
                const s3 = one(r, T.endpoint, "s3");
                assert.deepStrictEqual([s3.inputs.serviceName, s3.inputs.vpcEndpointType], ["com.amazonaws.us-east-1.s3", "Gateway"]);
                const privateTables = ofType(r, T.routeTable).filter((t) => t.name.startsWith("private-"));
                assert.deepStrictEqual([...deps(s3, "routeTableIds")].sort(), privateTables.map((t) => t.urn).sort());
            }
        });

        it("is not retained on delete, even in prod, except the VPC and private subnets a retained MSK cluster sits in", () => {
            const network = prod.resources.filter((x) => x.type.startsWith("aws:ec2/") && x.type !== T.launchTemplate && x.urn.includes("network:Network"));
            assert.ok(network.length > 30);
            assert.deepStrictEqual(network.filter((x) => x.retainOnDelete).map((x) => `${x.type} ${x.name}`).sort(), [
                "aws:ec2/subnet:Subnet private-a",
                "aws:ec2/subnet:Subnet private-b",
                "aws:ec2/subnet:Subnet private-c",
                "aws:ec2/vpc:Vpc network",
            ]);
            const devNetwork = dev.resources.filter((x) => x.type.startsWith("aws:ec2/") && x.urn.includes("network:Network"));
            assert.deepStrictEqual(devNetwork.filter((x) => x.retainOnDelete), [], "dev retains nothing");
        });
    });

    describe("cluster", () => {
        it("runs the configured version with access entries, secrets encrypted with the primary platform key, audit logs", () => {
            const c = one(prod, T.cluster, "cluster");
            const i = c.inputs as Record<string, any>;
            assert.deepStrictEqual([i.version, i.name, i.accessConfig], ["1.35", "adp-test", { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true }]);
            assert.deepStrictEqual(i.encryptionConfig.resources, ["secrets"]);
            assert.deepStrictEqual(deps(c, "encryptionConfig"), [one(prod, T.key, "primary").urn]);
            assert.deepStrictEqual(i.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.deepStrictEqual(one(dev, T.cluster).inputs.enabledClusterLogTypes, ["audit", "authenticator"]);
            assert.deepStrictEqual(i.kubernetesNetworkConfig, { serviceIpv4Cidr: "172.20.0.0/16", ipFamily: "ipv4" });
            assert.deepStrictEqual([i.bootstrapSelfManagedAddons, i.tags], [true, { Name: "adp-test" }]);
            // The control plane sits in the private subnets, on the security group EKS creates.
            assert.deepStrictEqual(deps(c, "vpcConfig").map((u) => byUrn(prod, u).name).sort(), ["private-a", "private-b", "private-c"]);
            assert.strictEqual(i.vpcConfig.securityGroupIds, undefined);
            // Fixed name: a replacement deletes the old cluster first.
            assert.deepStrictEqual([c.retainOnDelete, c.deleteBeforeReplace], [false, true]);
            // Resources of the program, not a remote component whose inside neither the plan nor a policy would see.
            assert.deepStrictEqual(prod.resources.filter((x) => x.remote || x.type.startsWith("eks:")).map((x) => x.type), []);
            // Control-plane logs go to a log group of ours: encrypted with the platform key, kept a year in prod.
            const logs = one(prod, T.logGroup, "control-plane");
            assert.deepStrictEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/aws/eks/adp-test/cluster", 365]);
            assert.deepStrictEqual(deps(logs, "kmsKeyId"), [one(prod, T.key, "primary").urn]);
            assert.ok(dependsOn(c, logs), "the log group exists before EKS would create one");
            // The control plane's role: EKS may assume it, AmazonEKSClusterPolicy, and the key.
            const role = one(prod, T.role, "control-plane");
            assert.deepStrictEqual(deps(c, "roleArn"), [role.urn]);
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string).Statement;
            assert.deepStrictEqual(trust, [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
            assert.strictEqual(role.retainOnDelete, false);
            const attachments = ofType(prod, T.attachment).filter((a) => deps(a, "role").includes(role.urn));
            assert.deepStrictEqual(attachments.map((a) => a.inputs.policyArn), ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
            const keyPolicy = one(prod, T.rolePolicy, "control-plane-secrets-key");
            assert.deepStrictEqual(deps(keyPolicy, "policy"), [one(prod, T.key, "primary").urn]);
            assert.deepStrictEqual(deps(keyPolicy, "role"), [role.urn]);
            for (const target of [...attachments, keyPolicy]) {
                assert.ok(dependsOn(c, target), `the cluster waits for ${target.name}`);
            }
        });

        it("states the support policy: EXTENDED in prod (upgrades stay in the operator's hands), STANDARD in dev (no extended-support fee)", () => {
            assert.deepStrictEqual(one(prod, T.cluster).inputs.upgradePolicy, { supportType: "EXTENDED" });
            assert.deepStrictEqual(one(dev, T.cluster).inputs.upgradePolicy, { supportType: "STANDARD" });
        });

        it("API endpoint: private only in prod, public to the listed CIDRs, public to 0.0.0.0/0 by dev's default", () => {
            const endpoint = (r: PlanResult) => {
                const i = one(r, T.cluster).inputs.vpcConfig as Record<string, unknown>;
                return [i.endpointPrivateAccess, i.endpointPublicAccess, i.publicAccessCidrs];
            };
            assert.deepStrictEqual(endpoint(prod), [true, false, undefined]);
            assert.deepStrictEqual(endpoint(restricted), [true, true, ["203.0.113.0/24", "198.51.100.7/32"]]);
            assert.deepStrictEqual(endpoint(dev), [true, true, ["0.0.0.0/0"]]);
        });

        it("system node group: min..max across the private subnets, on-demand, desired size left to the autoscaler", async () => {
            for (const [r, min, max, zones] of [[prod, 3, 6, 3], [dev, 1, 3, 2]] as const) {
                const g = one(r, T.nodeGroup, "system");
                assert.deepStrictEqual(g.inputs.scalingConfig, { minSize: min, maxSize: max, desiredSize: min });
                assert.deepStrictEqual([g.inputs.capacityType, g.inputs.amiType, g.inputs.instanceTypes, g.inputs.version], ["ON_DEMAND", "AL2023_x86_64_STANDARD", ["m6i.xlarge"], "1.35"]);
                assert.deepStrictEqual(deps(g, "subnetIds").map((u) => byUrn(r, u).name).sort(), ["private-a", "private-b", "private-c"].slice(0, zones));
                assert.ok(g.ignoreChanges.includes("scalingConfig.desiredSize"));
                assert.strictEqual(g.retainOnDelete, false);
            }
            const custom = await planFor(devVariants);
            const g = one(custom, T.nodeGroup, "system");
            assert.deepStrictEqual([g.inputs.scalingConfig, g.inputs.instanceTypes, g.inputs.amiType], [{ minSize: 2, maxSize: 5, desiredSize: 2 }, ["m7g.large"], "AL2023_ARM_64_STANDARD"]);
        });

        it("node volumes encrypted with the platform key (EC2 Auto Scaling granted its use), IMDSv2 with one hop", () => {
            for (const name of ["system", "gpu-t4"]) {
                const g = one(prod, T.nodeGroup, name);
                const lt = byUrn(prod, deps(g, "launchTemplate")[0]);
                const ebs = (lt.inputs.blockDeviceMappings as any[])[0].ebs;
                assert.deepStrictEqual([ebs.encrypted, ebs.volumeType], ["true", "gp3"]);
                assert.deepStrictEqual(deps(lt, "blockDeviceMappings"), [one(prod, T.key, "primary").urn]);
                assert.deepStrictEqual(lt.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
                assert.strictEqual(lt.inputs.imageId, undefined, "no AMI id: EKS picks the AMI of amiType and bootstraps the node");
            }
            const grant = one(prod, T.grant, "node-volumes");
            assert.strictEqual(grant.inputs.granteePrincipal, "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
            assert.ok((grant.inputs.operations as string[]).includes("GenerateDataKeyWithoutPlaintext"));
            assert.ok(dependsOn(one(prod, T.nodeGroup, "system"), grant));
        });

        it("managed add-ons: the VPC CNI with custom networking, Pod Identity and kube-proxy before any node, CoreDNS and metrics-server after", () => {
            const addons = Object.fromEntries(ofType(prod, T.addon).map((a) => [a.name, a]));
            assert.deepStrictEqual(Object.keys(addons).sort(), ["coredns", "eks-pod-identity-agent", "kube-proxy", "metrics-server", "vpc-cni"]);
            assert.deepStrictEqual(deps(addons["kube-proxy"], "clusterName"), [one(prod, T.cluster).urn]);
            assert.deepStrictEqual([addons["kube-proxy"].inputs.preserve, addons["kube-proxy"].inputs.resolveConflictsOnCreate], [true, "OVERWRITE"]);
            const system = one(prod, T.nodeGroup, "system");
            for (const name of ["vpc-cni", "eks-pod-identity-agent", "kube-proxy"]) {
                assert.ok(dependsOn(system, addons[name]), `nodes wait for ${name}`);
            }
            // ...and for the node role's policies, without which the first nodes would not join.
            const attachments = ofType(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.name.startsWith("nodes-"));
            assert.deepStrictEqual(attachments.map((a) => a.name).sort(), ["nodes-AmazonEC2ContainerRegistryPullOnly", "nodes-AmazonEKSWorkerNodePolicy", "nodes-AmazonEKS_CNI_Policy"]);
            for (const g of ofType(prod, T.nodeGroup)) {
                assert.ok(attachments.every((a) => dependsOn(g, a)), `${g.name} waits for the node role's policies`);
            }
            for (const name of ["coredns", "metrics-server"]) {
                assert.ok(dependsOn(addons[name], system), `${name} waits for nodes`);
            }
            // The CNI's ENIConfigs name each zone's pod subnet (ids are unknown offline: see the unit check below).
            assert.deepStrictEqual(
                deps(addons["vpc-cni"], "configurationValues").map((u) => byUrn(prod, u).name).filter((n) => n.startsWith("pods-")).sort(),
                ["pods-a", "pods-b", "pods-c"],
            );
            const config = JSON.parse(vpcCniConfiguration("us-east-1", ["us-east-1a", "us-east-1b"], ["subnet-1", "subnet-2"], "sg-1"));
            assert.deepStrictEqual(config.env, { AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true", ENI_CONFIG_LABEL_DEF: "topology.kubernetes.io/zone" });
            assert.deepStrictEqual(config.eniConfig, {
                create: true,
                region: "us-east-1",
                subnets: { "us-east-1a": { id: "subnet-1", securityGroups: ["sg-1"] }, "us-east-1b": { id: "subnet-2", securityGroups: ["sg-1"] } },
            });
        });

        it("a Kubernetes provider from a kubeconfig that authenticates with aws eks get-token, and the platform namespace through it", () => {
            const k = JSON.parse(kubeconfigFor("adp-prod", "https://example.eks.amazonaws.com", "Q0E=", "eu-west-1", "ops"));
            assert.strictEqual(k.clusters[0].cluster.server, "https://example.eks.amazonaws.com");
            assert.deepStrictEqual(k.users[0].user.exec.args, ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", "adp-prod", "--output", "json", "--profile", "ops"]);
            assert.strictEqual(k.users[0].user.exec.command, "aws");
            assert.ok(!JSON.parse(kubeconfigFor("c", "s", "ca", "us-east-1")).users[0].user.exec.args.includes("--profile"));
            const provider = one(prod, "pulumi:providers:kubernetes", "cluster");
            assert.strictEqual(one(prod, T.namespace, "platform").provider, provider.urn);
            assert.strictEqual(prod.outputs.platformNamespace, "ai-data-platform");
            assert.strictEqual(prod.outputs.kubernetesVersion, "1.35");
        });

        it("the Cluster Autoscaler: discovers the cluster's groups, image of the cluster's minor, Pod Identity allowed to resize only this cluster's groups", () => {
            const ca = one(prod, T.release, "cluster-autoscaler");
            assert.deepStrictEqual([ca.inputs.chart, ca.inputs.version, (ca.inputs.repositoryOpts as any).repo], ["cluster-autoscaler", "9.59.0", "https://kubernetes.github.io/autoscaler"]);
            const v = ca.inputs.values as any;
            assert.deepStrictEqual([v.autoDiscovery.clusterName, v.awsRegion, v.image.tag], ["adp-test", "us-east-1", eksVersions["1.35"].clusterAutoscalerImage]);
            assert.deepStrictEqual(v.rbac.serviceAccount, { create: false, name: "cluster-autoscaler" });
            assert.deepStrictEqual(v.nodeSelector, { "ai-data-platform/node-role": "system" });
            const policy = JSON.parse(one(prod, T.rolePolicy, "cluster-autoscaler-0").inputs.policy as string);
            const resize = policy.Statement.find((s: any) => s.Action.includes("autoscaling:SetDesiredCapacity"));
            assert.deepStrictEqual(resize.Condition.StringEquals, { "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true", "aws:ResourceTag/k8s.io/cluster-autoscaler/adp-test": "owned" });
            assert.ok(policy.Statement[0].Action.includes("eks:DescribeNodegroup"));
            assert.ok(dependsOn(ca, one(prod, T.nodeGroup, "system")));
        });
    });

    describe("GPU pools", () => {
        it("map each model to the catalog's machine type, or the override, on the NVIDIA AMI", () => {
            const machine = (r: PlanResult, name: string) => {
                const g = one(r, T.nodeGroup, `gpu-${name}`);
                assert.strictEqual(g.inputs.amiType, "AL2023_x86_64_NVIDIA");
                return (g.inputs.instanceTypes as string[])[0];
            };
            assert.deepStrictEqual(pools.map((p) => machine(prod, p.name)), ["g4dn.xlarge", "g6.12xlarge", "g5.24xlarge", "p5.48xlarge"]);
            assert.deepStrictEqual((prod.outputs.gpuPools as any[]).map((p) => [p.name, p.machineType]), pools.map((p, i) => [p.name, ["g4dn.xlarge", "g6.12xlarge", "g5.24xlarge", "p5.48xlarge"][i]]));
            assert.strictEqual(machine(dev, "inference"), "g4dn.xlarge");
        });

        it("carry the GPU taint and the pool and model labels", () => {
            for (const p of pools) {
                const g = one(prod, T.nodeGroup, `gpu-${p.name}`);
                assert.deepStrictEqual(g.inputs.taints, [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
                assert.deepStrictEqual(g.inputs.labels, { "ai-data-platform/gpu-pool": p.name, "ai-data-platform/gpu": p.gpu, "k8s.amazonaws.com/accelerator": p.gpu });
            }
        });

        it("spot per setting (dev default spot, prod default on-demand) and min..max with desired at min", () => {
            const g = (r: PlanResult, name: string) => one(r, T.nodeGroup, `gpu-${name}`).inputs;
            assert.deepStrictEqual([g(prod, "t4").capacityType, g(prod, "lfour").capacityType, g(dev, "inference").capacityType], ["ON_DEMAND", "SPOT", "SPOT"]);
            assert.deepStrictEqual(g(prod, "t4").scalingConfig, { minSize: 1, maxSize: 4, desiredSize: 1 });
            assert.deepStrictEqual(g(dev, "inference").scalingConfig, { minSize: 0, maxSize: 2, desiredSize: 0 });
        });

        it("scale from zero: node-template tags on each group's Auto Scaling group for labels, taint and the GPUs a node really has", () => {
            const realGpus: Record<string, string> = { t4: "1", lfour: "4", custom: "4", hundred: "8", inference: "1" };
            for (const p of [...pools, { name: "inference", gpu: "nvidia-t4", gpusPerNode: 1 }]) {
                const r = p.name === "inference" ? dev : prod;
                const group = one(r, T.nodeGroup, `gpu-${p.name}`);
                const tags = ofType(r, T.asgTag).filter((t) => deps(t, "autoscalingGroupName").includes(group.urn));
                const template = Object.fromEntries(tags.map((t) => [(t.inputs.tag as any).key, (t.inputs.tag as any).value]));
                assert.deepStrictEqual(template, {
                    "k8s.io/cluster-autoscaler/node-template/label/ai-data-platform/gpu-pool": p.name,
                    "k8s.io/cluster-autoscaler/node-template/label/ai-data-platform/gpu": p.gpu,
                    "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator": p.gpu,
                    "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
                    "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": realGpus[p.name],
                });
                assert.ok(tags.every((t) => (t.inputs.tag as any).propagateAtLaunch === false));
            }
        });

        it("drivers from the AMI, GPUs advertised by the NVIDIA device plugin on GPU nodes only", () => {
            const plugin = one(prod, T.release, "nvidia-device-plugin");
            assert.deepStrictEqual([plugin.inputs.chart, plugin.inputs.version, (plugin.inputs.repositoryOpts as any).repo], ["nvidia-device-plugin", "0.19.3", "https://nvidia.github.io/k8s-device-plugin"]);
            const v = plugin.inputs.values as any;
            assert.deepStrictEqual(v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [{ matchExpressions: [{ key: "ai-data-platform/gpu", operator: "Exists" }] }]);
            assert.ok(v.tolerations.some((t: any) => t.key === "nvidia.com/gpu" && t.effect === "NoSchedule"));
        });

        it("no GPU pools: no node groups for them and no device plugin", async () => {
            const none = await planFor(devVariants);
            assert.deepStrictEqual(ofType(none, T.nodeGroup).map((g) => g.name), ["system"]);
            assert.strictEqual(ofType(none, T.release).filter((r) => r.name === "nvidia-device-plugin").length, 0);
        });
    });

    describe("workload identity", () => {
        it("an IAM role only EKS Pod Identity may assume, for exactly the service account in this cluster", () => {
            const role = one(prod, T.role, "inference-reader");
            const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
            assert.strictEqual(trust.Statement.length, 1);
            const s = trust.Statement[0];
            assert.deepStrictEqual([s.Effect, s.Principal, s.Action], ["Allow", { Service: "pods.eks.amazonaws.com" }, ["sts:AssumeRole", "sts:TagSession"]]);
            assert.deepStrictEqual(s.Condition.StringEquals, {
                "aws:SourceAccount": "123456789012",
                "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/adp-test",
                "aws:RequestTag/kubernetes-namespace": "ai-data-platform",
                "aws:RequestTag/kubernetes-service-account": "inference",
            });
            const association = one(prod, T.podIdentity, "inference-reader");
            assert.deepStrictEqual([association.inputs.namespace, association.inputs.serviceAccount], ["ai-data-platform", "inference"]);
            assert.deepStrictEqual(deps(association, "roleArn"), [role.urn]);
            assert.ok(deps(association, "clusterName").includes(one(prod, T.cluster).urn));
        });

        it("attaches every grant to the role: read on the lake for inference", () => {
            const role = one(prod, T.role, "inference-reader");
            const granted = dependents(prod, role, T.rolePolicy, "role");
            assert.deepStrictEqual(granted.map((g) => g.name), ["inference-reader-0"]);
            // The lake's grant names its bucket and key (their ARNs are unknown during a preview).
            assert.deepStrictEqual([...deps(granted[0], "policy")].sort(), [one(prod, T.bucket, "lake").urn, one(prod, T.key, "primary").urn].sort());
        });

        it("creates the service account through the cluster's provider, after the association and in the platform namespace", () => {
            const sa = one(prod, T.serviceAccount, "inference-reader");
            assert.deepStrictEqual([(sa.inputs.metadata as any).name, (sa.inputs.metadata as any).namespace], ["inference", "ai-data-platform"]);
            assert.strictEqual(sa.provider, one(prod, "pulumi:providers:kubernetes", "cluster").urn);
            for (const target of [one(prod, T.podIdentity, "inference-reader"), one(prod, T.addon, "eks-pod-identity-agent"), one(prod, T.namespace, "platform")]) {
                assert.ok(dependsOn(sa, target), `waits for ${target.name}`);
            }
        });
    });

    it("inference is scheduled on its GPU pool: selector, toleration, GPU request, and it waits for pool, autoscaler and device plugin", () => {
        const d = one(prod, T.deployment, "inference");
        const spec = (d.inputs.spec as any).template.spec;
        const pool = one(prod, T.nodeGroup, "gpu-t4");
        // The selector matches a label the pool's nodes carry; the toleration matches their taint.
        assert.deepStrictEqual(spec.nodeSelector, { "ai-data-platform/gpu-pool": "t4" });
        assert.strictEqual((pool.inputs.labels as any)["ai-data-platform/gpu-pool"], "t4");
        const taint = (pool.inputs.taints as any[])[0];
        assert.ok(spec.tolerations.some((t: any) => t.key === taint.key && t.value === taint.value && t.effect === "NoSchedule"));
        assert.strictEqual(spec.containers[0].resources.limits["nvidia.com/gpu"], "1");
        assert.strictEqual(spec.serviceAccountName, "inference");
        for (const target of [pool, one(prod, T.release, "nvidia-device-plugin"), one(prod, T.release, "cluster-autoscaler")]) {
            assert.ok(dependsOn(d, target), `the deployment waits for ${target.name}`);
        }
        const tags = ofType(prod, T.asgTag).filter((t) => deps(t, "autoscalingGroupName").includes(pool.urn));
        assert.ok(tags.length === 5 && tags.every((t) => dependsOn(d, t)), "and for the tags that let the pool grow from zero");
    });

    describe("cluster admins and the Auto Scaling service-linked role (AWS-only keys)", () => {
        let custom: PlanResult;
        before(async () => {
            custom = await planFor(devVariants);
        });

        it("by default: no admin but the cluster's creator, and the key grant names the existing Auto Scaling role", () => {
            for (const r of [prod, dev]) {
                assert.deepStrictEqual([ofType(r, T.accessEntry).length, ofType(r, T.accessPolicy).length, ofType(r, T.serviceLinkedRole).length], [0, 0, 0]);
            }
        });

        it("each listed principal gets an access entry and AmazonEKSClusterAdminPolicy on the whole cluster, before any Kubernetes resource", () => {
            assertCleanPlan(custom, "aws", "dev");
            const cluster = one(custom, T.cluster);
            const provider = one(custom, "pulumi:providers:kubernetes", "cluster");
            for (const arn of admins) {
                const name = adminResourceName(arn);
                const entry = one(custom, T.accessEntry, name);
                assert.deepStrictEqual([entry.inputs.principalArn, entry.inputs.type, entry.retainOnDelete], [arn, "STANDARD", false]);
                assert.deepStrictEqual(deps(entry, "clusterName"), [cluster.urn]);
                const association = one(custom, T.accessPolicy, name);
                assert.deepStrictEqual(
                    [association.inputs.principalArn, association.inputs.policyArn, association.inputs.accessScope],
                    [arn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", { type: "cluster" }],
                );
                assert.deepStrictEqual(deps(association, "principalArn"), [entry.urn], "the association waits for its entry");
                assert.ok(dependsOn(provider, association), "Kubernetes resources wait for the admins' access");
            }
            // Named after the principal, not its position in the list.
            assert.deepStrictEqual([adminResourceName(admins[0]), adminResourceName(admins[1])].map((n) => n.replace(/-[0-9a-f]{8}$/, "")), ["admin-platform-admins", "admin-deploy"]);
        });

        it("createAutoscalingServiceLinkedRole: the role is created, kept when the stack goes, and the key grant names it", () => {
            const role = one(custom, T.serviceLinkedRole, "autoscaling");
            assert.deepStrictEqual([role.inputs.awsServiceName, role.retainOnDelete], ["autoscaling.amazonaws.com", true]);
            const grant = one(custom, T.grant, "node-volumes");
            assert.deepStrictEqual(deps(grant, "granteePrincipal"), [role.urn]);
            assert.ok(dependsOn(one(custom, T.nodeGroup, "system"), grant));
        });
    });

    describe("config errors (AWS)", () => {
        const aws = (overrides: Record<string, unknown>) =>
            flatConfig(stackConfig("aws", "prod", overrides));
        const rejects = (overrides: Record<string, unknown>, key: string, allowed: RegExp) => assertRefused("aws", overrides, key, allowed);
        it("a Kubernetes version EKS does not offer, listing those it does", () => {
            rejects({ [`${ns}:kubernetes`]: { version: "1.29" } }, "kubernetes.version", /allowed: a version EKS offers .*: 1\.32, 1\.33, 1\.34, 1\.35, 1\.36$/);
            assert.doesNotThrow(() => parsePlatformConfig(aws({ [`${ns}:kubernetes`]: { version: "1.35" } }), { project: ns, stack: "prod" }));
        });
        it("a pod range a VPC cannot take as a second block: too wide, or from another private range", () => {
            rejects({ [`${ns}:network`]: { podCidr: "100.64.0.0/15" } }, "network.podCidr", /\/16 at most/);
            rejects({ [`${ns}:network`]: { podCidr: "192.168.0.0/16" } }, "network.podCidr", /in 100\.64\.0\.0\/10 or in 10\.0\.0\.0\/8/);
            assert.doesNotThrow(() => parsePlatformConfig(aws({ [`${ns}:network`]: { podCidr: "10.100.0.0/16" } }), { project: ns, stack: "prod" }));
        });
        it("a service range wider than EKS takes", () => {
            rejects({ [`${ns}:network`]: { serviceCidr: "10.64.0.0/11" } }, "network.serviceCidr", /EKS takes a service range of \/12 to \/24/);
        });
        it("an admin principal that is not an IAM role or user ARN, or is listed twice; the AWS-only keys on another cloud", () => {
            const arns = (list: string[]) => ({ [`${ns}:kubernetes`]: { adminPrincipalArns: list } });
            rejects(arns(["arn:aws:sts::123456789012:assumed-role/admins/jane"]), "kubernetes.adminPrincipalArns[0]", /allowed: an IAM role or user ARN such as arn:aws:iam::123456789012:role\/platform-admins \(EKS takes no STS assumed-role session ARN\)$/);
            rejects(arns(["arn:aws:iam::123456789012:role/a", "platform-admins"]), "kubernetes.adminPrincipalArns[1]", /an IAM role or user ARN/);
            rejects(arns(["arn:aws:iam::123456789012:user/jane", "arn:aws:iam::123456789012:user/jane"]), "kubernetes.adminPrincipalArns[1]", /listed once \(EKS takes one access entry per principal\)$/);
            assert.doesNotThrow(() => parsePlatformConfig(aws(arns(["arn:aws:iam::123456789012:role/teams/data/admins"])), { project: ns, stack: "prod" }), "a role with a path");
            for (const cloud of ["gcp", "azure"] as const) {
                const err = configErrorFor(cloud, arns(["arn:aws:iam::123456789012:role/a"]));
                assert.strictEqual(err.message, `invalid config ai-data-platform:kubernetes.adminPrincipalArns: got ["arn:aws:iam::123456789012:role/a"]; allowed: [] on ${cloud} (EKS access entries, an aws-only key)`);
                assert.strictEqual(configErrorFor(cloud, { [`${ns}:kubernetes`]: { createAutoscalingServiceLinkedRole: true } }).key, `${ns}:kubernetes.createAutoscalingServiceLinkedRole`);
            }
        });
        it("more public API ranges than EKS allows", () => {
            const cidrs = Array.from({ length: 41 }, (_, i) => `203.0.${i}.0/24`);
            rejects({ [`${ns}:kubernetes`]: { apiAllowedCidrs: cidrs } }, "kubernetes.apiAllowedCidrs", /at most 40 ranges/);
        });
        it("a GPU pool machine type without NVIDIA GPUs on x86, or with fewer GPUs than the pool asks for", () => {
            rejects({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "odd", gpu: "nvidia-t4", machineType: "m5.xlarge" }] } }, "kubernetes.gpuPools[0].machineType", /NVIDIA GPUs and x86_64/);
            rejects({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "arm", gpu: "nvidia-t4", machineType: "g5g.xlarge" }] } }, "kubernetes.gpuPools[0].machineType", /NVIDIA GPUs and x86_64/);
            rejects({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "odd", gpu: "nvidia-a10g", gpusPerNode: 8, machineType: "g5.12xlarge" }] } }, "kubernetes.gpuPools[0].gpusPerNode", /at most 4: g5\.12xlarge has 4 GPU/);
            // Fewer than the machine has is fine: the autoscaler is told the real count (see the node-template tags).
            assert.doesNotThrow(() => parsePlatformConfig(aws({ [`${ns}:kubernetes`]: { gpuPools: [{ name: "two", gpu: "nvidia-l4", gpusPerNode: 2, machineType: "g6.24xlarge" }] } }), { project: ns, stack: "prod" }));
        });
    });

    it("the AWS GPU table: every machine is an NVIDIA x86 type with the GPU count it is listed under", () => {
        let rows = 0;
        for (const model of gpuModels) {
            for (const [count, machine] of Object.entries(awsGpus[model] ?? {})) {
                assert.ok(nvidiaX86InstanceType(machine.machineType), machine.machineType);
                assert.strictEqual(awsGpuCount(machine.machineType), Number(count), machine.machineType);
                rows++;
            }
        }
        assert.ok(rows >= 15);
    });
});
