"""Daily feature pipeline: validate raw data -> engineer features -> write them to the feature store -> trigger training.

Runs on the platform's Airflow (docs/airflow.md). Everything it needs from the platform arrives as Airflow
variables and connections defined by environment (AIRFLOW_VAR_* / AIRFLOW_CONN_*), the same names on every
cloud; credentials come from the pod's workload identity, never from this file.

Every task is idempotent: it works on one logical date's partition and overwrites what an earlier try of the
same date wrote, so a retry or a backfill gives the same result.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
from airflow.sdk import Variable, dag, task

# Names defined by components/airflow/platform-env.ts (a test keeps the two in step).
LAKE_URL = "lake_url"
FEATURE_STORE_HOST = "feature_store_host"
FEATURE_STORE_PORT = "feature_store_port"
FEATURE_STORE_AUTH = "feature_store_auth"
FEATURE_STORE_CREDENTIAL = "feature_store_credential"
FEATURE_STORE_CA_CERTS = "feature_store_ca_certs"
FEATURE_STORE_CLUSTER_MODE = "feature_store_cluster_mode"
ENVIRONMENT = "platform_environment"
REGION = "platform_region"

# Token scopes, as in docs/feature-store.md.
GOOGLE_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
AZURE_REDIS_SCOPE = "https://redis.azure.com/.default"

RAW_PREFIX = "raw/events"
FEATURES_PREFIX = "features/daily"
REQUIRED_FIELDS = ("entity_id", "event_type", "value", "ts")

default_args = {
    "owner": "platform",
    # Transient failures (a node drained, a throttled API) are retried with growing waits: 1, 2, 4, ... minutes.
    "retries": 3,
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=30),
    "execution_timeout": timedelta(hours=1),
}


def lake_path(*parts: str):
    """A path in the lake; Azure's https URL becomes the abfs form fsspec understands."""
    from airflow.sdk import ObjectStoragePath

    base = Variable.get(LAKE_URL).rstrip("/")
    if base.startswith("https://") and ".blob.core.windows.net/" in base:
        account, container = base[len("https://") :].split(".blob.core.windows.net/", 1)
        base = f"abfs://{container}@{account}.dfs.core.windows.net"
    return ObjectStoragePath("/".join([base, *parts]))


def writer_secret_id(credential: str) -> str:
    """The read-write user's secret in the store's credential reference (`<name> (read-write)`, AWS)."""
    import re

    found = re.search(r"([^\s,:;()]+) \(read-write\)", credential)
    if not found:
        raise ValueError(f"no read-write secret named in the feature store credential {credential!r}")
    return found.group(1)


def token_object_id(token: str) -> str:
    """The `oid` claim of an Entra ID access token: the object id Azure Managed Redis takes as the user name."""
    import base64

    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims["oid"]


def feature_store_client(
    host: str, port: int, auth: str, credential: str, region: str | None = None, ca_certs: str | None = None, cluster_mode: bool = False
):
    """A redis-py client that authenticates the way the platform's store requires (docs/feature-store.md).

    Passwords and tokens are fetched here, at run time, as the task pod's workload identity; none is stored
    in Airflow. Tokens last about an hour: one task's writes fit well within it (a new try fetches a new one).
    A store in cluster mode (sharded) gets a cluster client, which follows the slot map to each shard.
    """
    import redis

    connect = redis.RedisCluster if cluster_mode else redis.Redis
    tls = {"ssl": True, **({"ssl_ca_data": ca_certs} if ca_certs else {})}
    if auth == "token":
        # AWS: the read-write user's password in Secrets Manager; EKS Pod Identity gives boto3 its credentials.
        import boto3

        client = boto3.client("secretsmanager", **({"region_name": region} if region else {}))
        secret = json.loads(client.get_secret_value(SecretId=writer_secret_id(credential))["SecretString"])
        return connect(host=host, port=port, **tls, username=secret["username"], password=secret["password"])
    if auth == "iam":
        # GCP: an OAuth access token of the pod's service account (GKE Workload Identity) as the password.
        import google.auth
        import google.auth.transport.requests

        creds, _ = google.auth.default(scopes=[GOOGLE_SCOPE])
        creds.refresh(google.auth.transport.requests.Request())
        return connect(host=host, port=port, **tls, username="default", password=creds.token)
    if auth == "entra":
        # Azure: an Entra ID token of the pod's workload identity; the user name is that identity's object id.
        from azure.identity import DefaultAzureCredential

        token = DefaultAzureCredential().get_token(AZURE_REDIS_SCOPE).token
        return connect(host=host, port=port, **tls, username=token_object_id(token), password=token)
    raise ValueError(f"unknown feature store auth {auth!r}: the platform sets token, iam or entra")


@dag(
    dag_id="feature_pipeline",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["ai-data-platform", "features"],
)
def feature_pipeline():
    @task
    def validate_raw_data(ds: str | None = None) -> dict:
        """Check the day's raw events are there and well-formed; fail (and retry) otherwise."""
        partition = lake_path(RAW_PREFIX, f"dt={ds}")
        files = [p for p in partition.iterdir() if p.name.endswith(".jsonl")] if partition.exists() else []
        if not files:
            raise ValueError(f"no raw events for {ds} under {partition}")
        rows = bad = 0
        for path in files:
            with path.open("r") as f:
                for line in f:
                    rows += 1
                    record = json.loads(line)
                    if any(field not in record for field in REQUIRED_FIELDS):
                        bad += 1
        if rows == 0 or bad / rows > 0.01:
            raise ValueError(f"{bad} of {rows} raw events for {ds} lack one of {REQUIRED_FIELDS}")
        return {"date": ds, "files": [str(p) for p in files], "rows": rows}

    @task
    def engineer_features(batch: dict) -> str:
        """Aggregate per entity and overwrite the day's feature file (same input, same output)."""
        from airflow.sdk import ObjectStoragePath

        totals: dict[str, dict[str, float]] = {}

        for name in batch["files"]:
            with ObjectStoragePath(name).open("r") as f:
                for line in f:
                    r = json.loads(line)
                    t = totals.setdefault(r["entity_id"], {"events": 0, "value_sum": 0.0})
                    t["events"] += 1
                    t["value_sum"] += float(r["value"])
        out = lake_path(FEATURES_PREFIX, f"dt={batch['date']}", "features.json")
        with out.open("w") as f:
            json.dump({"date": batch["date"], "features": totals}, f, sort_keys=True)
        return str(out)

    @task
    def write_to_feature_store(features_file: str, ds: str | None = None) -> int:
        """Upsert one hash per entity; a rerun writes the same values under the same keys."""
        from airflow.sdk import ObjectStoragePath

        host = Variable.get(FEATURE_STORE_HOST, default=None)
        if not host:
            raise ValueError("the platform has no feature store: set it up, then rerun this task")
        client = feature_store_client(
            host,
            int(Variable.get(FEATURE_STORE_PORT, default="6379")),
            Variable.get(FEATURE_STORE_AUTH),
            Variable.get(FEATURE_STORE_CREDENTIAL),
            region=Variable.get(REGION, default=None),
            ca_certs=Variable.get(FEATURE_STORE_CA_CERTS, default=None),
            cluster_mode=Variable.get(FEATURE_STORE_CLUSTER_MODE, default="false") == "true",
        )
        with ObjectStoragePath(features_file).open("r") as f:
            features = json.load(f)["features"]
        pipe = client.pipeline(transaction=False)
        for entity, values in features.items():
            key = f"features:{entity}"
            pipe.hset(key, mapping={**{k: str(v) for k, v in values.items()}, "as_of": ds})
        pipe.execute()
        return len(features)

    trigger_training = TriggerDagRunOperator(
        task_id="trigger_training",
        trigger_dag_id="model_training",
        # One training run per day: a retry finds the run it already started instead of starting another.
        trigger_run_id="features__{{ ds }}",
        skip_when_already_exists=True,
        conf={"features_date": "{{ ds }}", "environment": "{{ var.value.get('" + ENVIRONMENT + "', 'unknown') }}"},
        wait_for_completion=False,
    )

    batch = validate_raw_data()
    features_file = engineer_features(batch)
    write_to_feature_store(features_file) >> trigger_training


feature_pipeline()
