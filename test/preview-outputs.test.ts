import * as assert from "assert";
import { readFileSync } from "fs";
import { unknownValue } from "../tools/offline/policy-sdk";
import { customResourceOutputs } from "../tools/offline/preview-outputs";
import { listedTokens } from "../tools/offline/preview-schema/generate";
import { schemaFile, writeSchemaText } from "../tools/offline/preview-schema/schema";
import { readPackageSchema } from "../tools/offline/preview-schema/sdk-declarations";

const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

describe("preview outputs of a new resource", () => {
    describe("bridged providers: inputs plus Required-or-Computed properties left unset, unknown", () => {
        it("a bucket: Optional+Computed `versioning` unknown, set values kept, defaulted `forceDestroy` absent", () => {
            const out = customResourceOutputs("aws:s3/bucket:Bucket", { bucket: "lake", objectLockEnabled: true, tags: secret({ team: "data" }) });
            assert.strictEqual(out.versioning, unknownValue);
            assert.strictEqual(out.arn, unknownValue);
            assert.strictEqual(out.bucket, "lake");
            assert.strictEqual(out.objectLockEnabled, true);
            assert.deepStrictEqual(out.tags, secret({ team: "data" }));
            assert.ok(!("forceDestroy" in out), "forceDestroy has a default: Output<boolean | undefined>");
            assert.ok(!("id" in out) && !("urn" in out));
        });

        it("keeps an unknown input unknown and a set `forceDestroy` as set", () => {
            const out = customResourceOutputs("aws:s3/bucket:Bucket", { bucket: unknownValue, forceDestroy: false });
            assert.strictEqual(out.bucket, unknownValue);
            assert.strictEqual(out.forceDestroy, false);
        });

        it("plans an empty list given for a computed property as unset (the plugin SDK's rule), and keeps one given for an optional property", () => {
            const pool = { cluster: "c", nodeConfig: { machineType: "e2-standard-4", guestAccelerators: [] } };
            const out = customResourceOutputs("gcp:container/nodePool:NodePool", pool);
            assert.strictEqual((out.nodeConfig as Record<string, unknown>).guestAccelerators, unknownValue);
            const bucket = customResourceOutputs("aws:s3/bucket:Bucket", { bucket: "lake", tags: {} });
            assert.deepStrictEqual(bucket.tags, {}, "a map is not a list");
        });

        it("recurses into a list of objects and the objects inside them", () => {
            const rule = { id: "tiering", status: "Enabled", filter: { prefix: "logs/" }, transitions: [{ days: 30, storageClass: "STANDARD_IA" }] };
            const out = customResourceOutputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", { bucket: "lake", rules: [rule] });
            const [r] = out.rules as Record<string, unknown>[];
            assert.strictEqual(r.id, "tiering");
            // Plugin framework: `prefix` has a default, so it is Computed and unknown here (documented approximation).
            assert.strictEqual(r.prefix, unknownValue);
            assert.ok(!("expiration" in r), "an optional block left unset stays absent");
            assert.deepStrictEqual(r.filter, { prefix: "logs/", objectSizeGreaterThan: unknownValue, objectSizeLessThan: unknownValue });
            assert.deepStrictEqual(r.transitions, [{ days: 30, storageClass: "STANDARD_IA" }]);
        });
    });

    describe("azure-native: the response shape, every property the inputs leave unset unknown", () => {
        const account = {
            accountName: "adplake",
            resourceGroupName: "adp-rg",
            kind: "StorageV2",
            location: "eastus2",
            sku: { name: "Standard_LRS" },
            minimumTlsVersion: "TLS1_2",
            tags: { team: "data" },
            identity: { type: "UserAssigned", userAssignedIdentities: ["/subscriptions/s/identity"] },
        };

        it("a storage account: optional response properties unknown, path parameters dropped, no azureApiVersion", () => {
            const out = customResourceOutputs("azure-native:storage:StorageAccount", account);
            assert.strictEqual(out.immutableStorageWithVersioning, unknownValue);
            assert.strictEqual(out.name, unknownValue, "the name comes back in the response; the input was accountName");
            assert.strictEqual(out.kind, "StorageV2");
            assert.strictEqual(out.minimumTlsVersion, "TLS1_2");
            assert.deepStrictEqual(out.tags, { team: "data" });
            for (const dropped of ["accountName", "resourceGroupName", "azureApiVersion", "id", "urn"]) {
                assert.ok(!(dropped in out), dropped);
            }
        });

        it("recurses into typed objects; a value of another shape (a list for a map) is unknown", () => {
            const out = customResourceOutputs("azure-native:storage:StorageAccount", account);
            assert.deepStrictEqual(out.sku, { name: "Standard_LRS", tier: unknownValue });
            assert.deepStrictEqual(out.identity, { type: "UserAssigned", principalId: unknownValue, tenantId: unknownValue, userAssignedIdentities: unknownValue });
        });

        it("a managed cluster: diskEncryptionSetID left unset is unknown; a secret stays as given", () => {
            const out = customResourceOutputs("azure-native:containerservice:ManagedCluster", {
                resourceGroupName: "adp-rg",
                resourceName: "aks",
                dnsPrefix: "adp",
                linuxProfile: { adminUsername: "ops", ssh: { publicKeys: [{ keyData: secret("ssh-ed25519 AAAA") }] } },
            });
            assert.strictEqual(out.diskEncryptionSetID, unknownValue);
            assert.strictEqual(out.dnsPrefix, "adp");
            assert.deepStrictEqual(out.linuxProfile, { adminUsername: "ops", ssh: { publicKeys: [{ keyData: secret("ssh-ed25519 AAAA") }] } });
            assert.ok(!("resourceName" in out) && !("resourceGroupName" in out));
        });

        it("a discriminator constant is its value, set or not; a union keeps the object given", () => {
            const rule = { name: "Default", objectType: "AzureRetentionRule", isDefault: true, lifecycles: [] };
            const out = customResourceOutputs("azure-native:dataprotection:BackupPolicy", {
                vaultName: "vault",
                properties: { datasourceTypes: ["Microsoft.Storage/storageAccounts/blobServices"], policyRules: [rule] },
            });
            assert.deepStrictEqual(out.properties, { objectType: "BackupPolicy", datasourceTypes: ["Microsoft.Storage/storageAccounts/blobServices"], policyRules: [rule] });
        });
    });

    it("names the command that adds a resource type the schemas do not list", () => {
        for (const type of ["aws:s3/bucketAcl:BucketAcl", "docker:index/container:Container"]) {
            assert.throws(
                () => customResourceOutputs(type, {}),
                (err: Error) => err.message.includes(type) && err.message.includes(`npm run preview-schema -- ${type}`),
            );
        }
    });

    it("the committed schemas are what the installed SDKs declare for the types they list", function () {
        this.timeout(20000);
        for (const [pkg, tokens] of listedTokens()) {
            const committed = readFileSync(schemaFile(pkg), "utf8");
            assert.ok(committed === writeSchemaText(readPackageSchema(pkg, tokens)), `${pkg}.json is stale: run \`npm run preview-schema\``);
        }
    });
});
