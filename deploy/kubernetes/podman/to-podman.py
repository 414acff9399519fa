#!/usr/bin/env python3
"""Turns the chart's rendered Deployments into a file for `podman kube play`, changing only what a cluster gives and
podman does not: there is no cluster DNS, no Service and no operator here, so the pods share the host's network and
reach the engines the project starts on the host (plain-text Kafka, PostgreSQL with its local login). Everything
else (images, commands, resources, probes, security contexts, volumes, environment) stays as rendered.

  to-podman.py RENDERED.yaml --kafka HOST:PORT --postgres postgresql://HOST:PORT/DB --port write-side=PORT ...

Prints the play file on stdout and, on stderr, each change it made."""
import argparse
import sys

import yaml

TLS_VARIABLES = {"KAFKA_SECURITY_PROTOCOL", "KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION",
                 "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_KEYSTORE_TYPE", "KAFKA_SSL_KEYSTORE_LOCATION",
                 "KAFKA_SSL_KEYSTORE_PASSWORD"}
TLS_VOLUMES = {"kafka-ca", "kafka-user"}


def main():
    args = argparse.ArgumentParser()
    args.add_argument("rendered")
    args.add_argument("--kafka", required=True)
    args.add_argument("--postgres", required=True)
    args.add_argument("--db-user", default="tally")
    args.add_argument("--db-password", default="tally")
    args.add_argument("--port", action="append", default=[], help="component=port")
    a = args.parse_args()
    ports = dict(p.split("=", 1) for p in a.port)
    with open(a.rendered) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    deployments = [d for d in docs if d.get("kind") == "Deployment"]
    out, secrets = [], set()

    def change(what):
        print("changed: " + what, file=sys.stderr)

    for d in deployments:
        name = d["metadata"]["name"]
        component = d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/name"]
        pod = d["spec"]["template"]["spec"]
        pod["hostNetwork"] = True
        change(f"{name}: hostNetwork (no cluster network: engines and the other services are on the host)")
        port = int(ports[component])
        for c in pod["containers"]:
            env = []
            for e in c.get("env", []):
                n = e["name"]
                if n in TLS_VARIABLES:
                    continue
                if n == "TALLY_DB_URL":
                    e = {"name": n, "value": a.postgres}
                elif n == "KAFKA_BOOTSTRAP_SERVERS":
                    e = {"name": n, "value": a.kafka}
                elif n.startswith("TALLY_") and n.endswith("_VIEW_URL"):
                    view = n[len("TALLY_"):-len("_URL")].lower().replace("_", "-")
                    e = {"name": n, "value": f"http://127.0.0.1:{ports[view]}"}
                if "valueFrom" in e:
                    secrets.add(e["valueFrom"]["secretKeyRef"]["name"])
                env.append(e)
            env.append({"name": "QUARKUS_HTTP_PORT", "value": str(port)})
            c["env"] = env
            change(f"{name}: engines at {a.kafka} (PLAINTEXT, the KAFKA_SSL_* settings and their volumes removed) and "
                   f"{a.postgres}; view URLs on 127.0.0.1; QUARKUS_HTTP_PORT={port} (free host port)")
            for p in c.get("ports", []):
                p["containerPort"] = port
            c["volumeMounts"] = [m for m in c.get("volumeMounts", []) if m["name"] not in TLS_VOLUMES]
        pod["volumes"] = [v for v in pod.get("volumes", []) if v["name"] not in TLS_VOLUMES]
        out.append(d)
    for s in sorted(secrets):
        out.append({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": s}, "type": "kubernetes.io/basic-auth",
                    "stringData": {"username": a.db_user, "password": a.db_password}})
        change(f"Secret {s}: the local engine's login (the chart expects it from create-secrets)")
    yaml.safe_dump_all(out, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
