import { StreamAdapter } from "./views";

export const azureStream: StreamAdapter = {
    cloud: "azure",
    streams: () => [],
    topics: () => [],
    replicationEdges: () => [],
    dataBearingTypes: [],
};
