import { awsAdapter } from "./aws";
import { azureAdapter } from "./azure";
import { gcpAdapter } from "./gcp";
import { ResourceIndex } from "./resource-index";
import { CloudAdapter, DataStoreView, ObjectStoreView, ReplicationEdge } from "./views";

export const adapters: readonly CloudAdapter[] = [awsAdapter, gcpAdapter, azureAdapter];

export const objectStores = (index: ResourceIndex): ObjectStoreView[] => adapters.flatMap((a) => a.objectStores(index));

export const dataStores = (index: ResourceIndex): DataStoreView[] => [...objectStores(index), ...adapters.flatMap((a) => a.otherDataStores(index))];

export const replicationEdges = (index: ResourceIndex): ReplicationEdge[] => adapters.flatMap((a) => a.replicationEdges(index));

export const keyReaders = Object.assign({}, ...adapters.map((a) => a.keys)) as CloudAdapter["keys"];

export const backupPlanReaders = Object.assign({}, ...adapters.map((a) => a.backupPlans)) as CloudAdapter["backupPlans"];

export const dataBearingTypes = new Set(adapters.flatMap((a) => a.dataBearingTypes));

export function adapterFor(type: string): CloudAdapter | undefined {
    return adapters.find((a) => a.dataBearingTypes.includes(type));
}
