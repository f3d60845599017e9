// What "prod" and "dev" mean, decided once. Components read `ctx.profile.<field>` and never compare
// the environment's name, so a decision has one home and a third environment would be one more entry.
import type { Environment } from "./context";

export interface EnvironmentProfile {
    /** Data-bearing resources outlive the program, so a cloud swap or a mistaken removal keeps the data. */
    readonly retainData: boolean;
    /** Zones the private subnets (and what runs in them) span: losing one of three keeps a majority. */
    readonly zones: number;
    /** A NAT gateway per zone, so losing a zone does not cut the other zones' egress; else one. */
    readonly natPerZone: boolean;
    /** Subnet flow logs, for incident response; they are billed by volume. */
    readonly subnetFlowLogs: boolean;
    /** A regional control plane replicated over the zones, rather than a zonal one free of the management fee. */
    readonly regionalCluster: boolean;
    /** The provider refuses to delete the cluster until someone lifts the protection deliberately. */
    readonly clusterDeletionProtection: boolean;
    /** A paid control-plane tier for its uptime SLA (AKS Standard rather than Free). */
    readonly clusterUptimeSla: boolean;
    /** Cluster Autoscaler replicas: two keep scaling going while one is rescheduled. */
    readonly autoscalerReplicas: number;
    /** Every control-plane log type, which an incident needs; else audit and authenticator only. */
    readonly fullControlPlaneLogs: boolean;
    /** Days platform logs (control plane, brokers, workspace) are kept: long enough to look back on an incident. */
    readonly logRetentionDays: number;
    /** Cluster upgrades stay in the operators' hands (EKS extended support) instead of the cloud's schedule. */
    readonly extendedClusterSupport: boolean;
    /** Backup vaults are locked: recovery points cannot be deleted before they expire, irreversibly. */
    readonly immutableBackups: boolean;
    /** Stream endpoints are private to the network; else the public endpoint stays (TLS and identity only). */
    readonly privateStreams: boolean;
    /**
     * Copies of each stream message where the cloud leaves it to us; a write is acknowledged by all but
     * one. At most `zones`: one copy per zone (stream/topics.ts topicDurability).
     */
    readonly streamReplicas: number;
    /** Storage is zone-redundant as well as geo-redundant, which only some regions offer. */
    readonly zoneRedundantStorage: boolean;
    /** The lake's versions stay locked as long as backups are kept, so no recovery point can be deleted early. */
    readonly lakeLockCoversBackups: boolean;
    /** Databases are the cloud's managed service (backups, zones, CMK); else a pod in the cluster that goes with it. */
    readonly managedDatabases: boolean;
    /** Replicas of the platform's stateless services (Airflow API server, scheduler, ...): two keep serving through a node drain. */
    readonly serviceReplicas: number;
}

export const profiles: Readonly<Record<Environment, EnvironmentProfile>> = {
    prod: {
        retainData: true,
        zones: 3,
        natPerZone: true,
        subnetFlowLogs: true,
        regionalCluster: true,
        clusterDeletionProtection: true,
        clusterUptimeSla: true,
        autoscalerReplicas: 2,
        fullControlPlaneLogs: true,
        logRetentionDays: 365,
        extendedClusterSupport: true,
        immutableBackups: true,
        privateStreams: true,
        streamReplicas: 3,
        zoneRedundantStorage: true,
        lakeLockCoversBackups: true,
        managedDatabases: true,
        serviceReplicas: 2,
    },
    // Cheap and disposable: nothing in dev is depended on, and a dev stack must tear down cleanly.
    dev: {
        retainData: false,
        zones: 2,
        natPerZone: false,
        subnetFlowLogs: false,
        regionalCluster: false,
        clusterDeletionProtection: false,
        clusterUptimeSla: false,
        autoscalerReplicas: 1,
        fullControlPlaneLogs: false,
        logRetentionDays: 30,
        extendedClusterSupport: false,
        immutableBackups: false,
        privateStreams: false,
        streamReplicas: 2,
        zoneRedundantStorage: false,
        lakeLockCoversBackups: false,
        managedDatabases: false,
        serviceReplicas: 1,
    },
};
