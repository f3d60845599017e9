import { PolicyResource } from "@pulumi/policy";
import { gpuLabelKeys } from "./platform-conventions";
import { awsKeys, customerKeyIn } from "./keys";
import { asArray } from "./values";
import { ClusterView, KubernetesAdapter, NodePoolView } from "./views";

// EKS clusters and node groups as the pack sees them: the AWS resources themselves, whatever their
// parent. The platform declares them; a @pulumi/eks component (a remote component) creates them as
// its children, which the CLI sends to the pack like any other resource, while the component's own
// inputs never reach a stack policy (it gets what the component registered as outputs). Stack
// policies read outputs: during a first preview a property the provider computes and the program
// leaves unset is unknown, and reading it stops the whole policy. So views read what a program sets,
// and a property that may be unset last.

const t = {
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    kmsKey: "aws:kms/key:Key",
};

export const awsKubernetes: KubernetesAdapter = {
    cloud: "aws",
    clusters: (index) => index.ofType(t.cluster).map(cluster),
    nodePools: (index) => index.ofType(t.nodeGroup).map(managedGroup),
};

// ── Clusters ──────────────────────────────────────────────────────────────────────────────────────

/**
 * aws.eks.Cluster. Without endpointPublicAccess: false EKS opens a public endpoint, to 0.0.0.0/0
 * unless publicAccessCidrs (computed when unset) says otherwise. `version` is computed when unset.
 */
function cluster(r: PolicyResource): ClusterView {
    const p = r.props;
    return {
        cloud: "aws",
        resource: r,
        publicApiCidrs: () => publicCidrs(p.vpcConfig?.endpointPublicAccess, () => p.vpcConfig?.publicAccessCidrs),
        secretsEncryptionKey: () =>
            asArray(p.encryptionConfig?.resources).includes("secrets") ? customerKeyIn(r, "encryptionConfig", awsKeys, () => p.encryptionConfig?.provider?.keyArn) : undefined,
        auditLogging: () => asArray(p.enabledClusterLogTypes).includes("audit"),
        version: () => versionOf(p.version),
    };
}

function publicCidrs(publicAccess: unknown, cidrs: () => unknown): string[] {
    if (publicAccess === false) {
        return [];
    }
    const listed = asArray(cidrs()).map(String);
    return listed.length ? listed : ["0.0.0.0/0"];
}

function versionOf(value: unknown): string | undefined {
    const match = typeof value === "string" ? /^(\d+\.\d+)/.exec(value) : null;
    return match ? match[1] : undefined;
}

// ── Node groups ───────────────────────────────────────────────────────────────────────────────────

/** EKS spells taint effects NO_SCHEDULE; Kubernetes NoSchedule. */
const effects: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

/**
 * A managed node group (aws.eks.NodeGroup). Its disks are those of its launch template, found
 * through the dependency (the template's id is unknown during a preview); without one EKS makes a
 * template with unencrypted volumes (unless the account encrypts EBS by default, which the
 * settings cannot tell).
 */
function managedGroup(r: PolicyResource): NodePoolView {
    const p = r.props;
    return {
        cloud: "aws",
        resource: r,
        gpu: () => hasGpuLabel(p.labels) || nvidiaAmi(p.amiType) || asArray(p.instanceTypes).some(nvidiaInstanceType),
        taints: () => asArray(p.taints).map((x) => `${x.key}=${x.value ?? ""}:${effects[x.effect] ?? x.effect}`),
        minNodes: () => p.scalingConfig?.minSize,
        spot: () => p.capacityType === "SPOT",
        diskEncryption: () => {
            const templates = (r.propertyDependencies.launchTemplate ?? []).filter((d) => d.type === t.launchTemplate);
            return templates.length ? worstOf(templates.map(templateEncryption)) : "none";
        },
    };
}

function templateEncryption(template: PolicyResource): ReturnType<NodePoolView["diskEncryption"]> {
    const volumes = asArray(template.props.blockDeviceMappings).filter((m) => m.ebs);
    if (!volumes.length || !volumes.every((m) => String(m.ebs.encrypted) === "true")) {
        return "none";
    }
    // A KMS key of this program (its ARN is unknown during a preview), or a key named as text.
    if ((template.propertyDependencies.blockDeviceMappings ?? []).some((d) => d.type === t.kmsKey)) {
        return "customer-managed-key";
    }
    const named = volumes.every((m) => {
        const id = m.ebs.kmsKeyId;
        return typeof id === "string" && id !== "" && !/alias\/aws\//.test(id);
    });
    return named ? "customer-managed-key" : "cloud-managed-key";
}

function worstOf(levels: ReturnType<NodePoolView["diskEncryption"]>[]): ReturnType<NodePoolView["diskEncryption"]> {
    return levels.includes("none") ? "none" : levels.includes("cloud-managed-key") ? "cloud-managed-key" : "customer-managed-key";
}

function nvidiaAmi(amiType: unknown): boolean {
    return typeof amiType === "string" && /NVIDIA|_GPU$/.test(amiType);
}

/**
 * EC2 families with NVIDIA GPUs: G3-G6 (and Gr6), P2-P6; not G4ad (AMD), Inf/Trn (AWS silicon).
 * https://aws.amazon.com/ec2/instance-types/#Accelerated_Computing
 */
export function nvidiaInstanceType(instanceType: unknown): boolean {
    if (typeof instanceType !== "string") {
        return false;
    }
    const family = instanceType.split(".")[0];
    return family !== "g4ad" && /^(g[3-9]|gr[6-9]|p[2-9])[a-z0-9-]*$/.test(family);
}

function hasGpuLabel(labels: unknown): boolean {
    return !!labels && typeof labels === "object" && gpuLabelKeys.model in (labels as object);
}

