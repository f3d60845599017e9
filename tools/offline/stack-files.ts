import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { projectRoot } from "./project-root";

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface ProjectFile {
    readonly root: string;
    readonly name: string;
    /** Values the project file sets or defaults, flattened like stack config. */
    readonly config: Record<string, string>;
}

export interface StackConfig {
    /** The stack config file read. */
    readonly file: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

export { projectRoot };

export function readProject(root = projectRoot): ProjectFile {
    const doc = readYaml(path.join(root, "Pulumi.yaml")) as { name?: string; config?: Record<string, unknown> } | null;
    if (!doc?.name) {
        throw new UsageError(`${path.join(root, "Pulumi.yaml")} has no project name`);
    }
    const config: Record<string, string> = {};
    for (const [key, decl] of Object.entries(doc.config ?? {})) {
        // A declaration is { type, description, default } or { value }; a bare scalar is a value.
        const value = decl && typeof decl === "object" && !Array.isArray(decl) ? ((decl as Record<string, unknown>).value ?? (decl as Record<string, unknown>).default) : decl;
        if (value !== undefined) {
            config[qualify(key, doc.name)] = text(value);
        }
    }
    return { root, name: doc.name, config };
}

export function stackNames(root = projectRoot): string[] {
    return readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

/** Stack config as `pulumi preview` would hand it to the program: project values first, the stack's over them. */
export function readStackConfig(project: ProjectFile, stack: string, configFile?: string): StackConfig {
    const file = configFile ?? stackFile(project.root, stack);
    const doc = readYaml(file) as { config?: Record<string, unknown> } | null;
    const config: Record<string, string> = { ...project.config };
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        const full = qualify(key, project.name);
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            // Encrypted values cannot be read offline; the program sees a placeholder.
            config[full] = "[secret]";
            secretKeys.push(full);
        } else {
            config[full] = text(value);
        }
    }
    return { file, config, secretKeys };
}

function stackFile(root: string, stack: string): string {
    for (const ext of ["yaml", "yml"]) {
        const file = path.join(root, `Pulumi.${stack}.${ext}`);
        if (existsSync(file)) {
            return file;
        }
    }
    throw new UsageError(`no stack file Pulumi.${stack}.yaml in ${root} (stacks here: ${stackNames(root).join(", ") || "none"})`);
}

function readYaml(file: string): unknown {
    let source: string;
    try {
        source = readFileSync(file, "utf8");
    } catch {
        throw new UsageError(`cannot read ${file}`);
    }
    try {
        return parse(source);
    } catch (err) {
        throw new UsageError(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
}

function qualify(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

// Pulumi hands scalars to a program as text and structured values as JSON.
function text(value: unknown): string {
    return typeof value === "string" ? value : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}
