import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Trust policy that lets an AWS service assume a role. */
export function serviceTrust(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** The partition (`aws`, `aws-us-gov`) the provider works in, for building ARNs of managed policies. */
export function partitionOf(parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
    return aws.getPartitionOutput({}, { parent, provider }).partition;
}
