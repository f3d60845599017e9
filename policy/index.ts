import { PolicyPack } from "@pulumi/policy";
import { packEnforcementLevel, packName, policies } from "./policies";

// Loaded only by the Pulumi CLI (`--policy-pack policy`): constructing the pack starts its server.
new PolicyPack(packName, {
    description: "Guardrails for ai-data-platform on AWS, GCP and Azure: encryption, rotation, versioning, immutability, replication, backups.",
    enforcementLevel: packEnforcementLevel,
    policies,
});
