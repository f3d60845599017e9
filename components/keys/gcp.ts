import * as gcp from "../shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namePrefix } from "../shared/context";
import { gcpDeletionPolicy } from "../shared/gcp-context";
import { dataOptions } from "../shared/options";
import { CreateRegionalKey, KeysImplementation, keyDeletionWindowDays, keyRotationDays } from "./contract";

const secondsPerDay = 86400;

export const createRegionalKey: CreateRegionalKey = (self, ctx, { name, region, provider }) => {
    // A key ring can never be deleted, so its name stays taken in the project for good: a stack
    // that is destroyed (dev) or that dropped its rings (prod, retained) and is deployed again would
    // collide with its own earlier rings. A random suffix, kept in the stack state, avoids that.
    // https://cloud.google.com/kms/docs/resource-hierarchy (and the provider's KeyRing note: "KeyRings
    // cannot be deleted from Google Cloud Platform").
    const suffix = new random.RandomId(`${name}-key-ring-suffix`, { byteLength: 3 }, dataOptions(self, undefined, ctx)).hex;
    // Cloud KMS keys live in a key ring of one location; services encrypt only with keys of their own region.
    const ring = new gcp.kms.KeyRing(
        name,
        { name: pulumi.interpolate`${namePrefix(ctx)}-${suffix}`, location: region, project: ctx.gcpProject },
        dataOptions(self, provider, ctx),
    );
    const key = new gcp.kms.CryptoKey(
        name,
        {
            name: "data",
            keyRing: ring.id,
            purpose: "ENCRYPT_DECRYPT",
            rotationPeriod: `${keyRotationDays * secondsPerDay}s`,
            // Versions stay restorable this long after someone schedules their destruction.
            destroyScheduledDuration: `${keyDeletionWindowDays * secondsPerDay}s`,
            // Deleting a CryptoKey through the provider destroys every version, and with them all data
            // encrypted under it; prod abandons the key instead.
            deletionPolicy: gcpDeletionPolicy(ctx),
        },
        dataOptions(self, provider, ctx, { parent: ring }),
    );
    return { id: key.id, resourceId: key.id, region };
};

export const gcpKeys: KeysImplementation = { createRegionalKey };
