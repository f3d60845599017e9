import { Analysis, analyze, PackDefinition, Violation } from "./analyzer";
import { ReconciledConfig } from "./pack-config";
import { RecordedResource } from "./types";

/** A check the offline plan makes that `pulumi preview --policy-pack` cannot, and why. */
export interface OfflineOnlyFinding extends Violation {
    readonly reason: string;
}

/**
 * Policies that judge something the Pulumi engine never sends to a policy pack. Under the CLI they
 * see less and mostly end "not applicable"; offline the harness knows more, so they run again with
 * what it knows and their extra findings are reported apart from the CLI's verdicts.
 */
const offlineOnly: Readonly<Record<string, string>> = {
    "data-retained-on-delete":
        "offline only: the Pulumi engine does not send the retainOnDelete option to policy packs (AnalyzerResourceOptions has no such field), " +
        "so `pulumi preview --policy-pack` cannot see this",
};

export async function offlineOnlyFindings(
    resources: readonly RecordedResource[],
    pack: PackDefinition,
    config: ReconciledConfig,
    stackTags: ReadonlyMap<string, string>,
    asCli: Analysis,
): Promise<OfflineOnlyFinding[]> {
    const policies = pack.policies.filter((p) => p.name in offlineOnly);
    const knowing = await analyze(resources, { ...pack, policies }, config, stackTags, { asCli: false });
    const seen = new Set(asCli.violations.map(key));
    return knowing.violations.filter((v) => !seen.has(key(v))).map((v) => ({ ...v, reason: offlineOnly[v.policy] }));
}

const key = (v: Violation) => `${v.policy}\u0000${v.urn ?? ""}\u0000${v.detail}`;
