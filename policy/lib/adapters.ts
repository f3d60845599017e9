import { awsAdapter } from "./aws";
import { awsKubernetes } from "./aws-kubernetes";
import { awsFeatureStore } from "./aws-feature-store";
import { awsStream } from "./aws-stream";
import { azureAdapter } from "./azure";
import { azureKubernetes } from "./azure-kubernetes";
import { azureFeatureStore } from "./azure-feature-store";
import { azureStream } from "./azure-stream";
import { gcpAdapter } from "./gcp";
import { gcpFeatureStore } from "./gcp-feature-store";
import { gcpKubernetes } from "./gcp-kubernetes";
import { gcpStream } from "./gcp-stream";
import { ResourceIndex } from "./resource-index";
import { CloudAdapter, ClusterView, DataStoreView, FeatureStoreAdapter, FeatureStoreView, KubernetesAdapter, NodePoolView, ObjectStoreView, ReplicationEdge, StreamAdapter, StreamView, TopicView } from "./views";

// One adapter per cloud and capability; rules see only the views they produce.
export const adapters: readonly CloudAdapter[] = [awsAdapter, gcpAdapter, azureAdapter];
export const kubernetesAdapters: readonly KubernetesAdapter[] = [awsKubernetes, gcpKubernetes, azureKubernetes];
export const streamAdapters: readonly StreamAdapter[] = [awsStream, gcpStream, azureStream];
export const featureStoreAdapters: readonly FeatureStoreAdapter[] = [awsFeatureStore, gcpFeatureStore, azureFeatureStore];

export const objectStores = (index: ResourceIndex): ObjectStoreView[] => adapters.flatMap((a) => a.objectStores(index));

export const streams = (index: ResourceIndex): StreamView[] => streamAdapters.flatMap((a) => a.streams(index));

export const topics = (index: ResourceIndex): TopicView[] => streamAdapters.flatMap((a) => a.topics(index));

export const featureStores = (index: ResourceIndex): FeatureStoreView[] => featureStoreAdapters.flatMap((a) => a.featureStores(index));

export const featureStoreReplicationEdges = (index: ResourceIndex): ReplicationEdge[] => featureStoreAdapters.flatMap((a) => a.replicationEdges(index));

/** Everything that holds data at rest: object stores, backup and key vaults, event streams, feature stores. */
export const dataStores = (index: ResourceIndex): DataStoreView[] => [
    ...objectStores(index),
    ...adapters.flatMap((a) => a.otherDataStores(index)),
    ...streams(index),
    ...featureStores(index),
];

export const replicationEdges = (index: ResourceIndex): ReplicationEdge[] => adapters.flatMap((a) => a.replicationEdges(index));

export const streamReplicationEdges = (index: ResourceIndex): ReplicationEdge[] => streamAdapters.flatMap((a) => a.replicationEdges(index));

export const clusters = (index: ResourceIndex): ClusterView[] => kubernetesAdapters.flatMap((a) => a.clusters(index));

export const nodePools = (index: ResourceIndex): NodePoolView[] => kubernetesAdapters.flatMap((a) => a.nodePools(index));

export const keyReaders = Object.assign({}, ...adapters.map((a) => a.keys)) as CloudAdapter["keys"];

export const backupPlanReaders = Object.assign({}, ...[...adapters, ...featureStoreAdapters].map((a) => a.backupPlans)) as CloudAdapter["backupPlans"];

type Retention = Pick<CloudAdapter, "dataBearingTypes" | "retainedByInputs">;
const retention: readonly Retention[] = [...adapters, ...streamAdapters, ...featureStoreAdapters];

export const dataBearingTypes = new Set(retention.flatMap((a) => a.dataBearingTypes));

/** The adapter that knows whether a data-bearing type is retained, as far as its inputs tell. */
export function adapterFor(type: string): Retention | undefined {
    return retention.find((a) => a.dataBearingTypes.includes(type));
}
