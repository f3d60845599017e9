import { PolicyResource, UnknownValueError } from "@pulumi/policy";

/**
 * `read()`, a read inside `resource.props[property]` only (down to a value, not an object read later),
 * or undefined where that value is unknown because the program left the setting out.
 *
 * For settings whose absence is how they say "none": those the platform itself leaves out (lifecycle
 * actions and the blob index filter, a disk encryption set, Capture when it does not archive, log
 * destinations and category groups it does not use, a backup vault's customer-managed key) and those
 * the API has no "none" value for (a version pin, the unused one of two retention forms). Settings the
 * platform states (TLS minimum, shared key, local auth, versioning, immutability, KMS, a private API,
 * host encryption, OS disk type, a lifecycle rule's prefix filter) are read plainly, so that a program
 * leaving one out gets "can't run" on a first preview, as under the CLI, rather than a guess.
 *
 * Why catching the unknown is exact here: after a preview of a new resource, azure-native's outputs
 * (PreviewOutputs) hold every response property the inputs leave out as unknown, optional or not,
 * inside stated objects too. An input value is itself unknown only when it is built from an output
 * of another resource, and the SDK then records that resource among the property's dependencies,
 * which the engine sends to stack policies. So when `property` depends on no resource, every unknown
 * in it is a setting left out, which Azure leaves unset. (PreviewOutputs also makes unknown a value
 * of the wrong shape, which the SDK's types refuse, and an `any[]` or `{any}` input; no setting read
 * through this is one.) When `property` has dependencies the unknown may hide a real value: it is
 * not caught, and the policy stops with "can't run", as under the CLI. A deployed resource's outputs
 * hold no unknowns.
 */
export function leftOut<T>(resource: PolicyResource, property: string, read: () => T): T | undefined {
    if ((resource.propertyDependencies[property] ?? []).length) {
        return read();
    }
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return undefined;
        }
        throw err;
    }
}
