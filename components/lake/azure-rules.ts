import { maxImmutabilityDays } from "./azure-limits";
import { ConfigError } from "../shared/config-error";
import { CloudRule } from "../clouds/contract";

export const azureLakeRules: CloudRule[] = [
    (s, ns) => {
        // Azure creates an account's default immutability policy Unlocked only; locking it is a separate,
        // irreversible action that no declared resource can take.
        // https://learn.microsoft.com/azure/storage/blobs/immutable-version-level-worm-policies
        if (s.lake.lockMode === "compliance") {
            throw new ConfigError(
                `${ns}:lake.lockMode`,
                s.lake.lockMode,
                "governance on azure (Azure creates a storage account's default immutability policy Unlocked only; locking it for compliance is a separate, irreversible step to take by hand once deployed)",
            );
        }
    },
    (s, ns) => {
        if (s.lake.lockDays > maxImmutabilityDays) {
            throw new ConfigError(`${ns}:lake.lockDays`, s.lake.lockDays, `${maxImmutabilityDays} or fewer on azure (the longest immutability period Azure Storage accepts)`);
        }
    },
];
