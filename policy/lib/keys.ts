import { PolicyResource } from "@pulumi/policy";
import { describe } from "./resource-index";

/** How a cloud's resources name a customer-managed key: its key resource type, and key text that names one. */
export interface KeyKind {
    readonly type: string;
    isCustomerKey(text: string): boolean;
}

export const awsKeys: KeyKind = { type: "aws:kms/key:Key", isCustomerKey: (t) => t !== "" && !/alias\/aws\//.test(t) };
export const gcpKeys: KeyKind = { type: "gcp:kms/cryptoKey:CryptoKey", isCustomerKey: (t) => /\/cryptoKeys\//.test(t) };
export const azureKeys: KeyKind = { type: "azure-native:keyvault:Key", isCustomerKey: (t) => t !== "" };

/**
 * The customer-managed key `r` names in `property`: a key of this program, found through the
 * dependency so that its id (unknown during a preview) is never read; else the text `read` returns,
 * when it names a customer key. A cloud-managed key (or none) gives undefined.
 */
export function customerKeyIn(r: PolicyResource, property: string, kind: KeyKind, read: () => unknown): string | undefined {
    const key = (r.propertyDependencies[property] ?? []).find((d) => d.type === kind.type);
    if (key) {
        return describe(key);
    }
    const value = read();
    return typeof value === "string" && kind.isCustomerKey(value) ? value : undefined;
}
