import { writeFileSync } from "fs";

// Preloaded (`node -r`) into a process whose provider SDKs a test checks: when the process exits,
// writes the cloud SDKs it loaded to the file named by ADP_LOADED_SDKS (stdout stays the command's).
// eks stays in the pattern: the program no longer uses @pulumi/eks and must not load it.

const file = process.env.ADP_LOADED_SDKS;
if (file) {
    process.once("exit", () => {
        const loaded = Object.keys(require.cache)
            .map((f) => /@pulumi[\\/](aws|gcp|azure-native|eks)[\\/]/.exec(f)?.[1])
            .filter((x): x is string => x !== undefined);
        writeFileSync(file, JSON.stringify([...new Set(loaded)].sort()));
    });
}
