import * as assert from "assert";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise";
import * as aws from "../../components/shared/sdk/aws";
import * as gcp from "../../components/shared/sdk/gcp";
import * as pulumi from "@pulumi/pulumi";
import { evaluateFixture } from "../support/fixtures";

// data-retained-on-delete on the data-bearing types of the feature store and of Airflow's metadata database, on
// each cloud: flagged when the program would delete them with their data, passed when they are retained.

type Declare = (opts: pulumi.CustomResourceOptions) => void;

const rg = "fixture-rg";
const aws1 = () => new aws.Provider("us-east-1", { region: "us-east-1" });
const gcp1 = () => new gcp.Provider("fixture", { project: "fixture", region: "us-central1" });
const azure1 = () => new AzureProvider("eastus2", { location: "eastus2" });

const cases: { what: string; flagged: string[]; declare: Declare }[] = [
    {
        what: "an ElastiCache replication group (feature store, AWS)",
        flagged: ['aws:elasticache/replicationGroup:ReplicationGroup "store"'],
        declare: (opts) => {
            const provider = aws1();
            const group = new aws.elasticache.ReplicationGroup("store", { description: "fixture", engine: "valkey", nodeType: "cache.r7g.large", numCacheClusters: 2 }, { provider, ...opts });
            // A Global Datastore holds no data of its own: deleting it leaves its members, with their data, as groups of their own.
            new aws.elasticache.GlobalReplicationGroup("store", { globalReplicationGroupIdSuffix: "store", primaryReplicationGroupId: group.id }, { provider });
        },
    },
    {
        what: "an RDS instance (Airflow's database, AWS)",
        flagged: ['aws:rds/instance:Instance "db"'],
        declare: (opts) => {
            new aws.rds.Instance("db", { engine: "postgres", instanceClass: "db.m7g.large", allocatedStorage: 50, username: "airflow", password: "fixture-password" }, { provider: aws1(), ...opts });
        },
    },
    {
        what: "a Memorystore instance (feature store, GCP)",
        flagged: ['gcp:memorystore/instance:Instance "store"'],
        declare: (opts) => {
            new gcp.memorystore.Instance(
                "store",
                { project: "fixture", location: "us-central1", instanceId: "store", shardCount: 1, desiredAutoCreatedEndpoints: [{ network: "projects/fixture/global/networks/platform", projectId: "fixture" }] },
                { provider: gcp1(), ...opts },
            );
        },
    },
    {
        what: "a Cloud SQL instance (Airflow's database, GCP)",
        flagged: ['gcp:sql/databaseInstance:DatabaseInstance "db"'],
        declare: (opts) => {
            new gcp.sql.DatabaseInstance("db", { project: "fixture", region: "us-central1", databaseVersion: "POSTGRES_17", settings: { tier: "db-custom-2-7680" } }, { provider: gcp1(), ...opts });
        },
    },
    {
        what: "an Azure Managed Redis cluster and its database (feature store, Azure)",
        flagged: ['azure-native:redisenterprise:Database "store"', 'azure-native:redisenterprise:RedisEnterprise "store"'],
        declare: (opts) => {
            const provider = azure1();
            const cluster = new redisenterprise.RedisEnterprise("store", { clusterName: "store", resourceGroupName: rg, location: "eastus2", sku: { name: "Balanced_B5" }, publicNetworkAccess: "Disabled" }, { provider, ...opts });
            new redisenterprise.Database("store", { clusterName: cluster.name, resourceGroupName: rg, databaseName: "default" }, { provider, ...opts });
        },
    },
    {
        what: "a PostgreSQL flexible server (Airflow's database, Azure)",
        flagged: ['azure-native:dbforpostgresql:Server "db"'],
        declare: (opts) => {
            new dbforpostgresql.Server("db", { resourceGroupName: rg, location: "eastus2", version: "17" }, { provider: azure1(), ...opts });
        },
    },
];

describe("data-retained-on-delete on feature stores and Airflow's databases", function () {
    this.timeout(120_000);
    for (const { what, flagged, declare } of cases) {
        it(`flags ${what} that would be deleted with the program`, async () => {
            const r = await evaluateFixture(() => declare({}));
            assert.deepStrictEqual(r.of("data-retained-on-delete").map((v) => v.detail.split(" would")[0]).sort(), flagged);
            assert.match(r.of("data-retained-on-delete")[0].message, /set retainOnDelete\./);
        });
        it(`passes ${what} created with retainOnDelete`, async () => {
            const r = await evaluateFixture(() => declare({ retainOnDelete: true }));
            assert.deepStrictEqual(r.of("data-retained-on-delete"), []);
        });
    }
});
