import { Answer } from "./common";

// The GCP stream module calls one provider function, gcp:organizations/getProject (for the Managed
// Kafka service agent's project number), which tools/offline/invokes/gcp.ts answers already. Its
// resources (clusters, topics, Connect clusters, connectors, IAM) need no other invoke.
export const gcpStreamInvokes: Record<string, Answer> = {};
