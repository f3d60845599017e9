import * as pulumi from "@pulumi/pulumi";

/**
 * `value`, tied to `resource`: an input built from it makes Pulumi create `resource` first and
 * records the dependency the policy pack follows, while the value itself stays known during a
 * preview (a resource's URN is, its computed outputs are not).
 */
export function knownAfter(resource: pulumi.Resource, value: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([resource.urn, value]).apply(([, known]) => known);
}
