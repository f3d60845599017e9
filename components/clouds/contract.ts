import { BackupImplementation } from "../backup/contract";
import { GpuImplementation } from "../gpu/contract";
import { KeysImplementation } from "../keys/contract";
import { KubernetesImplementation } from "../kubernetes/contract";
import { LakeImplementation } from "../lake/contract";
import { NetworkImplementation } from "../network/contract";
import { ProvidersImplementation } from "../providers/contract";
import { StreamImplementation } from "../stream/contract";

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
}
