import { AirflowImplementation, AirflowSettings } from "../airflow/contract";
import { BackupImplementation, BackupSettings } from "../backup/contract";
import { GpuImplementation, GpuPoolSettings } from "../gpu/contract";
import { KeysImplementation } from "../keys/contract";
import { AwsKubernetesSettings } from "../kubernetes/aws-settings";
import { KubernetesImplementation, KubernetesSettings } from "../kubernetes/contract";
import { LakeImplementation, LakeSettings } from "../lake/contract";
import { NetworkImplementation, NetworkSettings } from "../network/contract";
import { ProvidersImplementation } from "../providers/contract";
import { Cloud, Environment } from "../shared/context";
import { StreamImplementation, StreamSettings } from "../stream/contract";

/**
 * Everything a cloud must provide, one entry per capability with cloud code. Each cloud assembles
 * its own in components/clouds/<cloud>.ts; the compiler lists what a new cloud (or a new capability
 * on every cloud) still lacks. Capabilities without cloud code (inference) have no entry.
 */
export interface CloudImplementations {
    readonly providers: ProvidersImplementation;
    readonly keys: KeysImplementation;
    readonly lake: LakeImplementation;
    readonly backup: BackupImplementation;
    readonly network: NetworkImplementation;
    readonly kubernetes: KubernetesImplementation;
    readonly gpu: GpuImplementation;
    readonly stream: StreamImplementation;
    readonly airflow: AirflowImplementation;
}

/**
 * The validated stack settings, as the per-cloud config rules read them (stacks/config hands them its
 * parsed config). Declared from the capabilities' own settings types so rules need nothing from stacks/.
 */
export interface PlatformSettingsView {
    readonly cloud: Cloud;
    readonly environment: Environment;
    readonly region: string;
    readonly backupRegion: string;
    readonly lake: LakeSettings;
    readonly backup: BackupSettings;
    readonly network: NetworkSettings;
    /** The section's AWS-only keys travel in the same object (refused elsewhere by the section's own check). */
    readonly kubernetes: KubernetesSettings & AwsKubernetesSettings & { readonly gpuPools: readonly GpuPoolSettings[] };
    readonly stream: StreamSettings;
    /** Absent: no Airflow. */
    readonly airflow?: AirflowSettings;
}

/**
 * What one cloud cannot do that the others can, checked before any resource is declared so a user
 * learns it from the config line instead of from a failed `pulumi up` half-way through. Throws a
 * ConfigError (components/shared/config-error.ts) naming the key, the value and what is allowed.
 * Each lives next to the implementation it guards (components/<capability>/<cloud>-rules.ts), in a
 * file that loads no SDK; stacks/config/cloud-rules lists them per cloud.
 */
export type CloudRule = (settings: PlatformSettingsView, ns: string) => void;
