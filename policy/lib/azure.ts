import { CloudAdapter } from "./views";

export const azureAdapter: CloudAdapter = {
    cloud: "azure",
    objectStores: () => [],
    otherDataStores: () => [],
    replicationEdges: () => [],
    keys: {},
    backupPlans: {},
    dataBearingTypes: [],
};
