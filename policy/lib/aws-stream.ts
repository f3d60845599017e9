import { StreamAdapter } from "./views";

export const awsStream: StreamAdapter = {
    cloud: "aws",
    streams: () => [],
    topics: () => [],
    replicationEdges: () => [],
    dataBearingTypes: [],
};
