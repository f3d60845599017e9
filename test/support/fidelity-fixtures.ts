import * as aws from "../../components/shared/sdk/aws";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as storage from "@pulumi/azure-native/storage";
import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { Cloud } from "../../components/shared/context";

// One small program per cloud that makes the pack speak on both of its paths: a key that never
// rotates (a resource policy, so a mandatory violation from Analyze) and a store encrypted with a
// key read from a resource that is no key, unknown during the preview (a stack policy that can't
// run, so an advisory from AnalyzeStack), besides whatever else the bare store lacks.
// Everything is retained on delete, as the platform does in prod: the engine never tells the pack
// about retainOnDelete, and a known difference must not hide the ones this test looks for.

const keep = (provider: pulumi.ProviderResource): pulumi.CustomResourceOptions => ({ provider, retainOnDelete: true });

export const violatingPrograms: Record<Cloud, () => void> = {
    aws: () => {
        const p = new aws.Provider("us-east-1", { region: "us-east-1" });
        new aws.kms.Key("never", {}, keep(p));
        const notAKey = new aws.ssm.Parameter("key-id", { type: "String", value: "x" }, keep(p));
        const b = new aws.s3.Bucket("odd", { bucket: "odd-fixture" }, keep(p));
        new aws.s3.BucketServerSideEncryptionConfiguration(
            "odd",
            { bucket: b.bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: notAKey.arn } }] },
            keep(p),
        );
    },
    gcp: () => {
        const p = new gcp.Provider("us-central1", { project: "fixture-project", region: "us-central1" });
        const ring = new gcp.kms.KeyRing("ring", { name: "ring", location: "us-central1" }, keep(p));
        new gcp.kms.CryptoKey("never", { name: "never", keyRing: ring.id }, keep(p));
        new gcp.storage.Bucket("odd", { name: "odd-fixture", location: "US-CENTRAL1", encryption: { defaultKmsKeyName: ring.id } }, keep(p));
    },
    azure: () => {
        const p = new AzureProvider("eastus2", { location: "eastus2" });
        const rg = "fixture-rg";
        new keyvault.Key("never", { keyName: "never", vaultName: "fixture-kv", resourceGroupName: rg, properties: { kty: "RSA" } }, keep(p));
        const vault = new keyvault.Vault("kv", { resourceGroupName: rg, properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, keep(p));
        new storage.StorageAccount(
            "odd",
            {
                resourceGroupName: rg,
                kind: "StorageV2",
                sku: { name: "Standard_LRS" },
                encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyName: "k", keyVaultUri: pulumi.interpolate`https://${vault.id}` } },
            },
            keep(p),
        );
    },
};
