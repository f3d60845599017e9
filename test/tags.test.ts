import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { environments } from "../components/shared/context";
import { projectRoot } from "../tools/offline/project-root";
import { examplePlan } from "./support/examples";

// Every resource that takes tags carries the platform's (ctx.tags): what cost reports and clean-up
// scripts select on. AWS and GCP stamp them through the provider (defaultTags, defaultLabels); Azure
// has no provider-wide tags, so each Azure resource sets them, and this is what catches one that does not.

const expected = (env: string) => ({ platform: "ai-data-platform", environment: env, stack: env, "managed-by": "pulumi" });

/** azure-native resource types that take tags: those whose state has a `tags` property (tools/offline/preview-schema). */
function azureTaggableTypes(): Set<string> {
    const schema = JSON.parse(readFileSync(path.join(projectRoot, "tools", "offline", "preview-schema", "azure-native.json"), "utf8")) as { resources: Record<string, Record<string, string>> };
    return new Set(Object.entries(schema.resources).filter(([, props]) => "tags" in props || "tags?" in props).map(([type]) => type));
}

describe("tags on every cloud (examples/<cloud>-<env>.yaml)", function () {
    this.timeout(120_000);

    for (const env of environments) {
        it(`azure ${env}: every azure-native resource that takes tags carries the platform's`, async () => {
            const taggable = azureTaggableTypes();
            const r = await examplePlan("azure", env);
            const tagged = r.resources.filter((x) => taggable.has(x.type));
            assert.ok(tagged.length >= 20, `${tagged.length} taggable resources`);
            const wrong = tagged.filter((x) => {
                const tags = (x.inputs as { tags?: Record<string, string> }).tags ?? {};
                return Object.entries(expected(env)).some(([k, v]) => tags[k] !== v);
            });
            assert.deepStrictEqual(wrong.map((x) => `${x.type} ${x.name}`), []);
        });
    }

    for (const [cloud, property] of [
        ["aws", "defaultTags"],
        ["gcp", "defaultLabels"],
    ] as const) {
        it(`${cloud}: both providers stamp the platform's ${property === "defaultTags" ? "tags" : "labels"} on every resource`, async () => {
            const r = await examplePlan(cloud, "dev");
            const providers = r.resources.filter((x) => x.type === `pulumi:providers:${cloud}`);
            assert.strictEqual(providers.length, 2);
            for (const p of providers) {
                const raw = (p.inputs as Record<string, unknown>)[property];
                const value = (typeof raw === "string" ? JSON.parse(raw) : raw) as Record<string, unknown>;
                assert.deepStrictEqual(cloud === "aws" ? value.tags : value, expected("dev"), p.name);
            }
        });
    }
});
