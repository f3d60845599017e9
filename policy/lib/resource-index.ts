import { PolicyResource } from "@pulumi/policy";

/**
 * Lookups a stack policy needs, built once per evaluation so a policy stays linear in the number
 * of resources: by type, and "which resources of type T name this one in property P". The second
 * is how split resources (an S3 bucket and its versioning, a storage account and its blob service)
 * are tied together: through the dependencies Pulumi records, never through ids, which a preview
 * does not know yet.
 */
export class ResourceIndex {
    private readonly byType = new Map<string, PolicyResource[]>();
    // Built on the first dependentsOf: many policies look resources up by type only.
    private dependents?: Map<string, Map<string, { resource: PolicyResource; property: string }[]>>;

    constructor(readonly resources: readonly PolicyResource[]) {
        for (const r of resources) {
            push(this.byType, r.type, r);
        }
    }

    ofType(...types: string[]): PolicyResource[] {
        return types.flatMap((t) => this.byType.get(t) ?? []);
    }

    /** Resources of `type` whose input `property` (any input when omitted) is built from `target`. */
    dependentsOf(target: PolicyResource, type: string, property?: string): PolicyResource[] {
        const found = this.dependentsIndex().get(target.urn)?.get(type) ?? [];
        return unique(found.filter((d) => property === undefined || d.property === property).map((d) => d.resource));
    }

    private dependentsIndex(): Map<string, Map<string, { resource: PolicyResource; property: string }[]>> {
        if (!this.dependents) {
            this.dependents = new Map();
            for (const r of this.resources) {
                for (const [property, targets] of Object.entries(r.propertyDependencies)) {
                    for (const t of targets) {
                        let perType = this.dependents.get(t.urn);
                        if (!perType) {
                            perType = new Map();
                            this.dependents.set(t.urn, perType);
                        }
                        push(perType, r.type, { resource: r, property });
                    }
                }
            }
        }
        return this.dependents;
    }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}

function unique<T>(items: T[]): T[] {
    return [...new Set(items)];
}

/** `aws:s3/bucket:Bucket "lake"` — how a resource is named in a violation message. */
export function describe(r: { type: string; name: string }): string {
    return `${r.type} "${r.name}"`;
}
