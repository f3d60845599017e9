import { Platform } from "../components/platform";
import { platformContext, readPlatformConfig } from "./config";

/**
 * The ai-data-platform program: validate the stack config once, build the platform on the cloud it
 * names, and export what users and other stacks need. Exported outputs are the same on every cloud.
 */
export function program() {
    const config = readPlatformConfig();
    const ctx = platformContext(config);
    const platform = new Platform("platform", { ctx, lake: config.lake, backup: config.backup });
    const { lake, lakeBackup: backup } = platform;
    return {
        cloud: ctx.cloud,
        environment: ctx.environment,
        region: ctx.region,
        backupRegion: ctx.backupRegion,
        lakeName: lake.name,
        lakeUrl: lake.url,
        lakeKeyId: lake.keyId,
        lakeRegion: lake.region,
        replicaName: backup.replicaName,
        replicaUrl: backup.replicaUrl,
        replicaRegion: backup.replicaRegion,
        backupVaultIds: backup.backupVaultIds,
        backupRetentionDays: backup.backupRetentionDays,
        recoveryPointObjectiveMinutes: backup.recoveryPointObjectiveMinutes,
        recoveryPointObjectiveBasis: backup.recoveryPointObjectiveBasis,
    };
}
