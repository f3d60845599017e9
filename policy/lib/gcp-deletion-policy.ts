/**
 * Whether a GCP resource's `deletionPolicy` keeps it in the cloud when the program deletes it: ABANDON
 * leaves it there, PREVENT refuses the deletion (like `protect`); undefined when the inputs cannot tell.
 */
export function retainedByDeletionPolicy(props: Record<string, any>): boolean | undefined {
    const policy = props.deletionPolicy;
    return policy === "ABANDON" || policy === "PREVENT" ? true : policy === "DELETE" ? false : undefined;
}
