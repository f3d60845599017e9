import { RecordedResource } from "../../tools/offline/types";

type Plan = { resources: RecordedResource[] };

/**
 * Resources whose deletion removes nothing in the cloud (random values, waits, GCP service agents, which
 * the provider only drops from the state): a retained resource may depend on them without keeping them.
 */
const stateOnly = (x: RecordedResource): boolean =>
    x.type.startsWith("random:") || x.type.startsWith("time:") || x.type === "gcp:projects/serviceIdentity:ServiceIdentity";

/**
 * `type name -> type name` for every custom resource a retained resource depends on (explicitly or through
 * an input) that is not retained itself: what a swap would try to delete under a kept resource.
 */
export function unretainedNeeds(r: Plan, exempt: (x: RecordedResource) => boolean = () => false): string[] {
    const byUrn = new Map(r.resources.map((x) => [x.urn, x]));
    return r.resources
        .filter((x) => x.retainOnDelete)
        .flatMap((x) =>
            [...new Set([...x.dependencies, ...Object.values(x.propertyDependencies).flat()])]
                .map((urn) => byUrn.get(urn))
                .filter((y): y is RecordedResource => y !== undefined && y.custom && !y.type.startsWith("pulumi:providers:") && !y.retainOnDelete && !stateOnly(y) && !exempt(y))
                .map((y) => `${x.type} ${x.name} -> ${y.type} ${y.name}`),
        );
}

/** Whether `x` sits (at any depth) under a component of type `component`. */
export function under(r: Plan, x: RecordedResource, component: string): boolean {
    const byUrn = new Map(r.resources.map((p) => [p.urn, p]));
    for (let p = x.parent ? byUrn.get(x.parent) : undefined; p; p = p.parent ? byUrn.get(p.parent) : undefined) {
        if (p.type === component) {
            return true;
        }
    }
    return false;
}

/** The component types of the feature store and of Airflow (whose metadata database is its data). */
export const featureStoreComponent = "ai-data-platform:featurestore:FeatureStore";
export const airflowComponent = "ai-data-platform:orchestration:Airflow";

/** `type name` of the retained custom resources under a component, sorted; random values left out (state only). */
export function retainedUnder(r: Plan, component: string): string[] {
    return r.resources
        .filter((x) => x.custom && x.retainOnDelete && !stateOnly(x) && under(r, x, component))
        .map((x) => `${x.type} ${x.name}`)
        .sort();
}
