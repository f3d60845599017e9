import { Cloud } from "../shared/context";
import { CloudImplementations } from "./contract";

export * from "./contract";

/**
 * The chosen cloud's implementations: the one place that picks a cloud. Only that cloud's module is
 * required, so a stack loads only its own cloud's provider SDK (a GCP stack never loads @pulumi/aws;
 * the plan's speed depends on it, and test/config.test.ts checks it).
 */
export function implementationsFor(cloud: Cloud): CloudImplementations {
    switch (cloud) {
        case "aws":
            return (require("./aws") as typeof import("./aws")).implementations;
        case "gcp":
            return (require("./gcp") as typeof import("./gcp")).implementations;
        case "azure":
            return (require("./azure") as typeof import("./azure")).implementations;
    }
}
