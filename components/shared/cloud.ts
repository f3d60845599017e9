import { Cloud } from "./context";

/**
 * Picks the chosen cloud's implementation. Each entry is a thunk around `require` so that only that
 * cloud's module, and so only its provider SDK, is loaded at run time: a GCP stack never loads
 * @pulumi/aws. The `typeof import(...)` casts keep the call sites fully typed.
 */
export function forCloud<T>(cloud: Cloud, impls: Readonly<Record<Cloud, () => T>>): T {
    return impls[cloud]();
}
