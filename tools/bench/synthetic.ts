import { RecordedResource } from "../offline/types";

/**
 * A synthetic stack of `size` resources made of copies of a real recorded plan: each copy keeps the
 * original's shapes, inputs and dependency wiring, with URNs made unique per copy. The mix of types
 * is therefore the platform's own, so policy work per resource matches a real stack's.
 */
export function syntheticStack(template: readonly RecordedResource[], size: number): RecordedResource[] {
    const out: RecordedResource[] = [];
    for (let copy = 0; out.length < size; copy++) {
        const rename = (urn: string) => `${urn}-${copy}`;
        for (const r of template) {
            if (out.length === size) {
                break;
            }
            out.push({
                ...r,
                urn: rename(r.urn),
                name: `${r.name}-${copy}`,
                ...(r.parent ? { parent: rename(r.parent) } : {}),
                ...(r.provider ? { provider: rename(r.provider) } : {}),
                providers: Object.fromEntries(Object.entries(r.providers).map(([k, v]) => [k, rename(v)])),
                dependencies: r.dependencies.map(rename),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)])),
            });
        }
    }
    return out;
}
