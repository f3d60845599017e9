import * as aws from "../components/shared/sdk/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { runProgram } from "../tools/offline/run";
import { RecordedResource, unknownMarker } from "../tools/offline/types";

// What the offline preview records as each resource's outputs, which stack policies receive as the
// CLI gives them (AnalyzeStack is called with outputs, not inputs).

class Store extends pulumi.ComponentResource {
    constructor(name: string, publish: boolean) {
        super("test:index:Store", name, {}, {});
        const bucket = new aws.s3.Bucket(name, { bucket: `${name}-fixture`, region: "us-east-1" }, { parent: this });
        if (publish) {
            this.registerOutputs({ bucketName: bucket.bucket, arn: bucket.arn, kind: "lake" });
        }
    }
}

const one = (resources: RecordedResource[], type: string, name: string) => resources.find((r) => r.type === type && r.name === name)!;

describe("the offline preview's outputs", () => {
    let resources: RecordedResource[];
    before(async () => {
        ({ resources } = await runProgram({
            project: "fixture",
            stack: "prod",
            program: () => {
                new Store("published", true);
                new Store("silent", false);
                const east = new aws.Provider("east", { region: "us-east-1" });
                new aws.sns.Topic("alerts", { name: "alerts" }, { provider: east });
                const cluster = new k8s.Provider("cluster", { kubeconfig: new aws.ssm.Parameter("kubeconfig", { type: "String", value: "x" }, { provider: east }).arn });
                new k8s.core.v1.Namespace("platform", { metadata: { name: "platform" } }, { provider: cluster });
            },
        }));
    });

    it("gives a component what it passed to registerOutputs, and {} when it passed nothing", () => {
        const published = one(resources, "test:index:Store", "published");
        assert.deepStrictEqual(published.outputs, { bucketName: "published-fixture", arn: unknownMarker, kind: "lake" });
        assert.deepStrictEqual(published.inputs, {}, "a component's own inputs are not its outputs");
        assert.deepStrictEqual(one(resources, "test:index:Store", "silent").outputs, {});
    });

    it("gives a provider its inputs", () => {
        const east = one(resources, "pulumi:providers:aws", "east");
        assert.strictEqual(east.outputs.region, "us-east-1");
        assert.deepStrictEqual(east.outputs, east.inputs);
    });

    it("keeps a custom resource's inputs among its outputs", () => {
        assert.strictEqual(one(resources, "aws:sns/topic:Topic", "alerts").outputs.name, "alerts");
    });

    it("gives nothing to a resource whose provider's configuration is unknown during the preview, as the engine does", () => {
        const ns = one(resources, "kubernetes:core/v1:Namespace", "platform");
        assert.deepStrictEqual((ns.inputs.metadata as { name: string }).name, "platform");
        assert.deepStrictEqual(ns.outputs, {});
    });
});
