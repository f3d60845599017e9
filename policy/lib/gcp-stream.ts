import { StreamAdapter } from "./views";

export const gcpStream: StreamAdapter = {
    cloud: "gcp",
    streams: () => [],
    topics: () => [],
    replicationEdges: () => [],
    dataBearingTypes: [],
};
