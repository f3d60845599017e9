import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { namePrefix } from "../shared/context";
import { gcpDeletionPolicy } from "../shared/gcp";
import { childOptions } from "../shared/options";
import { CreateKeys, EncryptionKeysArgs, KeyRef, keyDeletionWindowDays, keyRotationDays } from "./index";

const secondsPerDay = 86400;


export const createKeys: CreateKeys = (self, args) => {
    // A key ring can never be deleted, so its name stays taken in the project for good: a stack
    // that is destroyed (dev) or that dropped its rings (prod, retained) and is deployed again would
    // collide with its own earlier rings. A random suffix, kept in the stack state, avoids that.
    // https://cloud.google.com/kms/docs/resource-hierarchy (and the provider's KeyRing note: "KeyRings
    // cannot be deleted from Google Cloud Platform").
    const suffix = new random.RandomId("key-ring-suffix", { byteLength: 3 }, childOptions(self, undefined, args.ctx));
    return {
        primary: regionalKey(self, args, "primary", args.ctx.region, args.providers.primary, suffix.hex),
        backup: regionalKey(self, args, "backup", args.ctx.backupRegion, args.providers.backup, suffix.hex),
    };
};

function regionalKey(
    self: pulumi.ComponentResource,
    { ctx }: EncryptionKeysArgs,
    name: string,
    region: string,
    provider: pulumi.ProviderResource,
    suffix: pulumi.Output<string>,
): KeyRef {
    // Cloud KMS keys live in a key ring of one location; services encrypt only with keys of their own region.
    const ring = new gcp.kms.KeyRing(
        name,
        { name: pulumi.interpolate`${namePrefix(ctx)}-${suffix}`, location: region, project: ctx.gcpProject },
        childOptions(self, provider, ctx),
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
        childOptions(self, provider, ctx, { parent: ring }),
    );
    return { id: key.id, resourceId: key.id, region };
}
