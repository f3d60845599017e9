import * as aws from "./sdk/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Trust policy that lets an AWS service assume a role; the condition, where the service documents one
 * (aws:SourceAccount, sts:ExternalId), keeps another account's use of the service from borrowing it.
 */
export function serviceTrust(service: string, condition?: Record<string, Record<string, pulumi.Input<string>>>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }],
    });
}

/** The partition (`aws`, `aws-us-gov`) the provider works in, for building ARNs of managed policies. */
export function partitionOf(parent: pulumi.Resource, provider: pulumi.ProviderResource): pulumi.Output<string> {
    return aws.getPartitionOutput({}, { parent, provider }).partition;
}
