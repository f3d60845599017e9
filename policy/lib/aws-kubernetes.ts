import { PolicyResource } from "@pulumi/policy";
import { gpuLabelKeys } from "./platform-conventions";
import { awsKeys, customerKeyIn } from "./keys";
import { asArray } from "./values";
import { ClusterView, KubernetesAdapter, NodePoolView } from "./views";

// EKS clusters and node groups as the pack sees them. The @pulumi/eks components (eks:index:*) are
// remote components: during a preview the CLI sends the pack the component with its inputs, and —
// in a real preview — the AWS resources it creates inside as children, whose inputs are partly
// computed by the component. So a component is read from its own inputs, and resources whose parent
// is an eks component are skipped: the same answer offline, where the children never exist, and in
// a real preview, where they do.

const t = {
    eksCluster: "eks:index:Cluster",
    eksManagedNodeGroup: "eks:index:ManagedNodeGroup",
    eksNodeGroup: "eks:index:NodeGroup",
    eksNodeGroupV2: "eks:index:NodeGroupV2",
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    kmsKey: "aws:kms/key:Key",
};

/** Built by an eks component (its child in a real preview): read through the component instead. */
function insideEksComponent(r: PolicyResource): boolean {
    return r.parent?.type.startsWith("eks:index:") === true;
}

export const awsKubernetes: KubernetesAdapter = {
    cloud: "aws",
    clusters: (index) => [
        ...index.ofType(t.eksCluster).map(eksComponentCluster),
        ...index
            .ofType(t.cluster)
            .filter((r) => !insideEksComponent(r))
            .map(plainCluster),
    ],
    nodePools: (index) => [
        ...index
            .ofType(t.nodeGroup)
            .filter((r) => !insideEksComponent(r))
            .map(managedGroup),
        ...index.ofType(t.eksManagedNodeGroup).map(managedGroup),
        ...index.ofType(t.eksCluster).filter(hasDefaultNodeGroup).map(defaultNodeGroup),
        ...index
            .ofType(t.eksNodeGroup, t.eksNodeGroupV2)
            .filter((r) => !insideEksComponent(r))
            .map((r) => selfManagedGroup(r, r.props)),
    ],
};

// ── Clusters ──────────────────────────────────────────────────────────────────────────────────────

/** eks.Cluster: endpointPublicAccess defaults to true, and EKS opens a public endpoint to 0.0.0.0/0 unless told otherwise. */
function eksComponentCluster(r: PolicyResource): ClusterView {
    const p = r.props;
    return {
        cloud: "aws",
        resource: r,
        publicApiCidrs: () => publicCidrs(p.endpointPublicAccess, () => p.publicAccessCidrs),
        secretsEncryptionKey: () => customerKeyIn(r, "encryptionConfigKeyArn", awsKeys, () => p.encryptionConfigKeyArn),
        auditLogging: () => asArray(p.enabledClusterLogTypes).includes("audit"),
        version: () => versionOf(p.version),
    };
}

/** aws.eks.Cluster declared by the program itself. */
function plainCluster(r: PolicyResource): ClusterView {
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
 * A managed node group: aws.eks.NodeGroup or eks.ManagedNodeGroup, which share these inputs. Its
 * disks are those of its launch template, found through the dependency (the template's id is
 * unknown during a preview); without one EKS makes a template with unencrypted volumes (unless the
 * account encrypts EBS by default, which the inputs cannot tell).
 */
function managedGroup(r: PolicyResource): NodePoolView {
    const p = r.props;
    return {
        cloud: "aws",
        resource: r,
        gpu: () => nvidiaAmi(p.amiType) || asArray(p.instanceTypes).some(nvidiaInstanceType) || p.gpu === true || hasGpuLabel(p.labels),
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

/** eks.Cluster creates a self-managed node group unless told not to (or running Fargate / Auto Mode only). */
function hasDefaultNodeGroup(r: PolicyResource): boolean {
    const p = r.props;
    return p.skipDefaultNodeGroup !== true && !p.fargate && p.autoMode?.enabled !== true;
}

function defaultNodeGroup(r: PolicyResource): NodePoolView {
    const p = r.props;
    const options = p.nodeGroupOptions ?? {
        instanceType: p.instanceType,
        gpu: p.gpu,
        minSize: p.minSize,
        nodeRootVolumeEncrypted: p.nodeRootVolumeEncrypted,
    };
    return selfManagedGroup(r, options);
}

/**
 * A self-managed node group (eks.NodeGroup, eks.NodeGroupV2, or eks.Cluster's default one): taints
 * as a map `{key: {value, effect}}`, spot when a spot price is set, root volumes encrypted only
 * with `nodeRootVolumeEncrypted` (and then with the EBS default key: these groups take no KMS key).
 */
function selfManagedGroup(r: PolicyResource, p: Record<string, any>): NodePoolView {
    return {
        cloud: "aws",
        resource: r,
        gpu: () => p.gpu === true || nvidiaAmi(p.amiType) || nvidiaInstanceType(p.instanceType) || hasGpuLabel(p.labels),
        taints: () => Object.entries((p.taints ?? {}) as Record<string, { value?: string; effect: string }>).map(([key, x]) => `${key}=${x.value ?? ""}:${x.effect}`),
        minNodes: () => p.minSize ?? 1,
        spot: () => p.spotPrice !== undefined && p.spotPrice !== "",
        diskEncryption: () => (p.nodeRootVolumeEncrypted === true || p.encryptRootBlockDevice === true ? "cloud-managed-key" : "none"),
    };
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

