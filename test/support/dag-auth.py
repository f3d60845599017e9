"""Runs the sample DAG's feature-store auth with stand-ins for redis, boto3, google-auth and azure-identity.

Airflow and the cloud SDKs are not installed where tests run, so the DAG is never imported: its module-level
constants and helper functions are read from the syntax tree and executed alone. Prints, as a JSON list with one
entry per request, the calls made to the stand-ins (what was asked of the cloud, and the redis.Redis or redis.RedisCluster arguments)
and what the helper returned or the error it raised. Every request runs on fresh helpers, so one cannot see another.
Usage: python3 dag-auth.py <dag file> '[{"call": "feature_store_client"|"writer_secret_id", "args": {...}}, ...]'
"""

import ast
import base64
import json
import sys
import types

HELPERS = {"writer_secret_id", "token_object_id", "feature_store_client"}
calls = []


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


class Redis:
    def __init__(self, **kwargs):
        calls.append({"redis.Redis": kwargs})


class RedisCluster:
    def __init__(self, **kwargs):
        calls.append({"redis.RedisCluster": kwargs})


class SecretsManager:
    def get_secret_value(self, SecretId):
        calls.append({"secretsmanager.get_secret_value": SecretId})
        return {"SecretString": json.dumps({"username": "adp-prod-fs-writer", "password": "from-secrets-manager"})}


def boto3_client(service, **kwargs):
    calls.append({"boto3.client": [service, kwargs]})
    return SecretsManager()


class GoogleCredentials:
    token = None

    def refresh(self, request):
        calls.append({"google.refresh": type(request).__name__})
        self.token = "ya29.google-access-token"


def google_default(scopes=None):
    calls.append({"google.auth.default": scopes})
    return GoogleCredentials(), "my-project"


class Request:
    pass


def jwt(claims):
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
    return ".".join([part({"alg": "RS256"}), part(claims), "signature"])


class DefaultAzureCredential:
    def get_token(self, *scopes):
        calls.append({"azure.get_token": list(scopes)})
        return types.SimpleNamespace(token=jwt({"oid": "5f0c2a4e-0000-4000-8000-000000000001", "aud": "https://redis.azure.com"}), expires_on=0)


module("redis", Redis=Redis, RedisCluster=RedisCluster)
module("boto3", client=boto3_client)
requests = module("google.auth.transport.requests", Request=Request)
transport = module("google.auth.transport", requests=requests)
auth = module("google.auth", default=google_default, transport=transport)
module("google", auth=auth)
identity = module("azure.identity", DefaultAzureCredential=DefaultAzureCredential)
module("azure", identity=identity)

tree = ast.parse(open(sys.argv[1]).read())
kept = [
    n
    for n in tree.body
    if (isinstance(n, ast.ImportFrom) and n.module == "__future__")
    or (isinstance(n, ast.Import) and all(a.name == "json" for a in n.names))
    or (isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant))
    or (isinstance(n, ast.FunctionDef) and n.name in HELPERS)
]
missing = HELPERS - {n.name for n in kept if isinstance(n, ast.FunctionDef)}
if missing:
    sys.exit(f"the DAG has no {', '.join(sorted(missing))}")
code = compile(ast.Module(body=kept, type_ignores=[]), sys.argv[1], "exec")


def run(request):
    calls.clear()
    namespace = {}
    exec(code, namespace)
    try:
        result = namespace[request["call"]](**request["args"])
        return {"calls": list(calls), "result": result if isinstance(result, str) else None}
    except Exception as e:  # the test asserts on the message
        return {"calls": list(calls), "error": f"{type(e).__name__}: {e}"}


print(json.dumps([run(request) for request in json.loads(sys.argv[2])]))
