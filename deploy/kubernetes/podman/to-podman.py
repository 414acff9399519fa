#!/usr/bin/env python3
"""Turns the chart's rendered Deployments into a file for `podman kube play`, changing only what a cluster gives and
podman does not: there is no cluster DNS, no Service and no operator here, so the pods share the host's network and
reach the engines the project starts on the host (plain-text Kafka; PostgreSQL bootstrapped as the Cluster says,
by bootstrap-db.py). Everything
else (images, commands, resources, probes, security contexts, volumes, environment) stays as rendered.

  to-podman.py RENDERED.yaml --kafka HOST:PORT --postgres postgresql://HOST:PORT/DB --logins LOGINS.json \
      --secrets-dir DIR --port write-side=PORT ...

Prints the play file on stdout, writes the Secrets it needs to --secrets-dir and, on stderr, each change it made."""
import argparse
import base64
import json
import os
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
    args.add_argument("--logins", required=True, help="JSON: Secret name -> {username, password} (bootstrap-db.py)")
    args.add_argument("--port", action="append", default=[], help="component=port")
    args.add_argument("--secrets-dir", required=True, help="where the Secrets go, one JSON file each")
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
                   f"{a.postgres}; view URLs on 127.0.0.1; QUARKUS_HTTP_PORT={port} (free host port; "
                   f"no containerPort, probes on port {port})")
            # On the host's network podman refuses port mappings, so the container ports go and the probes name
            # the port by number instead of "http".
            c.pop("ports", None)
            for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
                if probe in c:
                    c[probe]["httpGet"]["port"] = port
            c["volumeMounts"] = [m for m in c.get("volumeMounts", []) if m["name"] not in TLS_VOLUMES]
        pod["volumes"] = [v for v in pod.get("volumes", []) if v["name"] not in TLS_VOLUMES]
        out.append(d)
    yaml.safe_dump_all(out, sys.stdout, sort_keys=False)
    with open(a.logins) as f:
        logins = json.load(f)
    for s in sorted(secrets):
        # Podman 4.3 reads a secretKeyRef from a podman secret whose content is the Secret's `data` as JSON (a
        # Secret in the played file is stored in another form it then cannot read): files for `podman secret create`.
        login = logins[s]
        with open(os.path.join(a.secrets_dir, s + ".json"), "w") as f:
            json.dump({"username": b64(login["username"]), "password": b64(login["password"])}, f)
        change(f"Secret {s}: role {login['username']} with the password bootstrap-db.py gave it (the chart expects "
               f"the Secret from create-secrets)")


def b64(text):
    return base64.b64encode(text.encode()).decode()


if __name__ == "__main__":
    main()
