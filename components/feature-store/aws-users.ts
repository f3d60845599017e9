import * as aws from "../shared/sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { KeyRef } from "../keys/contract";
import { namePrefix, PlatformContext } from "../shared/context";
import { dataOptions } from "../shared/options";
import type { FeatureStoreAccess } from "./contract";

/**
 * RBAC access strings (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html):
 * readers run read commands only; writers everything but the dangerous commands (FLUSHALL, KEYS, CONFIG…);
 * the `default` user every group must hold is switched off, so no connection goes unauthenticated.
 */
export const accessStrings: Readonly<Record<FeatureStoreAccess | "default", string>> = {
    read: "on ~* &* -@all +@read +@connection",
    "read-write": "on ~* &* +@all -@dangerous",
    default: "off ~* &* -@all",
};

export interface StoreUser {
    readonly access: FeatureStoreAccess;
    readonly userName: string;
    readonly password: random.RandomPassword;
    /** Secrets Manager secret holding `{username, password}`, replicated to the backup region when the store is. */
    readonly secret: aws.secretsmanager.Secret;
}

/**
 * The store's users: a reader and a writer with generated passwords, each kept as a Pulumi secret and in
 * a Secrets Manager secret encrypted with the platform key (its replica, where the store has one, with
 * the backup region's). ElastiCache passwords are 16-128 printable characters; letters and digits only
 * keep them safe in a connection string.
 */
export function storeUsers(parent: pulumi.Resource, args: { ctx: PlatformContext; provider: pulumi.ProviderResource; key: KeyRef; backupKey?: KeyRef }): StoreUser[] {
    const { ctx, provider } = args;
    const prefix = namePrefix(ctx);
    return (["read", "read-write"] as const).map((access) => {
        const role = access === "read" ? "reader" : "writer";
        const password = new random.RandomPassword(`feature-store-${role}`, { length: 40, special: false }, { parent });
        const userName = `${prefix}-fs-${role}`;
        const secret = new aws.secretsmanager.Secret(
            `feature-store-${role}`,
            {
                name: `${prefix}/feature-store/${access}`,
                description: `Password of ${userName}, ${access} on the feature store`,
                kmsKeyId: args.key.id,
                // A fixed name: a deleted dev secret must not block the name for the 30-day recovery window when the
                // stack is brought up again. Prod keeps the window (and retains the secret anyway).
                recoveryWindowInDays: ctx.retainData ? 30 : 0,
                ...(args.backupKey ? { replicas: [{ region: ctx.backupRegion, kmsKeyId: args.backupKey.id }] } : {}),
            },
            // The retained store's clients read their password from it.
            dataOptions(parent, provider, ctx),
        );
        new aws.secretsmanager.SecretVersion(
            `feature-store-${role}`,
            { secretId: secret.id, secretString: pulumi.jsonStringify({ username: userName, password: password.result }) },
            dataOptions(parent, provider, ctx, { parent: secret }),
        );
        return { access, userName, password, secret };
    });
}

/**
 * The users and their group in one region (ElastiCache users are regional, so a Global Datastore's
 * secondary gets the same users with the same passwords: clients keep their secret after a promotion).
 */
export function userGroup(
    parent: pulumi.Resource,
    suffix: string,
    args: { ctx: PlatformContext; provider: pulumi.ProviderResource; users: StoreUser[] },
): aws.elasticache.UserGroup {
    const { ctx, provider } = args;
    const prefix = namePrefix(ctx);
    // Kept with the retained replication group in prod: ElastiCache refuses to delete a user group (or a
    // user in one) that a replication group still uses, and the kept store's clients log in as these users.
    const data = (extra: pulumi.CustomResourceOptions = {}) => dataOptions(parent, provider, ctx, extra);
    const defaultPassword = new random.RandomPassword(`feature-store-default${suffix}`, { length: 40, special: false }, { parent });
    const defaultUser = new aws.elasticache.User(
        `feature-store-default${suffix}`,
        {
            userId: `${prefix}-fs-default${suffix}`,
            // Every group must hold a user named `default`; this one is off and has a password besides.
            userName: "default",
            engine: "valkey",
            accessString: accessStrings.default,
            authenticationMode: { type: "password", passwords: [defaultPassword.result] },
        },
        data(),
    );
    const members = args.users.map(
        (u) =>
            new aws.elasticache.User(
                `feature-store-${u.access}${suffix}`,
                {
                    userId: `${u.userName}${suffix}`,
                    userName: u.userName,
                    engine: "valkey",
                    accessString: accessStrings[u.access],
                    authenticationMode: { type: "password", passwords: [u.password.result] },
                },
                data(),
            ),
    );
    return new aws.elasticache.UserGroup(
        `feature-store${suffix}`,
        { userGroupId: `${prefix}-fs${suffix}`, engine: "valkey", userIds: [defaultUser.userId, ...members.map((m) => m.userId)] },
        data(),
    );
}
