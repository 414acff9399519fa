#!/usr/bin/env python3
"""Does to a plain PostgreSQL what CloudNativePG does with the chart's Cluster: runs its postInitApplicationSQL and
gives each managed role a password (random here, from the role's Secret in a cluster). Prints the SQL on stdout (for
psql as a superuser, in the application database) and writes the logins, Secret name -> {username, password}, as
JSON to LOGINS.

  bootstrap-db.py RENDERED.yaml LOGINS.json"""
import json
import secrets
import sys

import yaml


def main():
    rendered, logins_file = sys.argv[1], sys.argv[2]
    with open(rendered) as f:
        cluster = next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "Cluster")
    statements = cluster["spec"]["bootstrap"]["initdb"]["postInitApplicationSQL"]
    logins = {}
    for role in cluster["spec"]["managed"]["roles"]:
        password = secrets.token_hex(16)
        logins[role["passwordSecret"]["name"]] = {"username": role["name"], "password": password}
        statements.append(f"ALTER ROLE {role['name']} LOGIN PASSWORD '{password}'")
    for s in statements:
        print(s.rstrip().rstrip(";") + ";")
    with open(logins_file, "w") as f:
        json.dump(logins, f)


if __name__ == "__main__":
    main()
