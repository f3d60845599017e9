import { CloudAdapter } from "./views";

export const gcpAdapter: CloudAdapter = {
    cloud: "gcp",
    objectStores: () => [],
    otherDataStores: () => [],
    replicationEdges: () => [],
    keys: {},
    backupPlans: {},
    dataBearingTypes: [],
};
