import { ResourceValidationPolicy } from "@pulumi/policy";
import { keyReaders } from "../lib/adapters";

interface Config {
    maxRotationDays: number;
}

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description:
        "Customer-managed keys rotate automatically at least every maxRotationDays. " +
        "Fix: AWS — enableKeyRotation true (rotationPeriodInDays within the limit); GCP — rotationPeriod on the CryptoKey; " +
        "Azure — a rotationPolicy with a Rotate action on the Key Vault key.",
    configSchema: {
        properties: {
            maxRotationDays: { type: "integer", minimum: 90, default: 365, description: "Longest time a key version may stay primary." },
        },
    },
    validateResource: (args, report) => {
        const read = keyReaders[args.type];
        if (!read) {
            return;
        }
        const key = read(args.props);
        if (!key) {
            return args.notApplicable("this key type cannot rotate automatically");
        }
        const { maxRotationDays } = args.getConfig<Config>();
        const days = key.rotationDays();
        if (days === undefined) {
            report(`${args.type} "${args.name}" does not rotate automatically.`);
        } else if (days > maxRotationDays) {
            report(`${args.type} "${args.name}" rotates every ${days} days (at most ${maxRotationDays}).`);
        }
    },
};
