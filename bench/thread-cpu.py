#!/usr/bin/env python3
"""CPU time per thread of the JVMs and per PostgreSQL backend role, from /proc: where a command's CPU goes.

  bench/thread-cpu.py snap FILE                 every thread's utime+stime now (ticks), written to FILE
  bench/thread-cpu.py diff BEFORE AFTER [UNITS] cores per thread group between two snapshots, and ms per unit
                                                 of work (e.g. commands) if UNITS is given

JVM threads are named by their /proc comm (numbers at the end dropped, so a pool counts as one) and by the service
their process runs (its working directory or command line); PostgreSQL processes by their title, backends by role.
"""
import json
import os
import re
import sys
import time
from collections import Counter

SERVICES = ["write-side", "accounts-view", "backoffice-view", "audit-view"]
# Other JVMs, by their main class: the benchmark's load generator and the engines the project starts.
MAIN_CLASSES = {"dev.tally.bench": "load-generator", "KafkaHost": "kafka", "PostgresHost": "postgres-host"}


def ticks(stat):
    fields = stat[stat.rfind(")") + 2:].split()
    return int(fields[11]) + int(fields[12])


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return None


def snap():
    out = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        cmd = (read(f"/proc/{pid}/cmdline") or "").replace("\0", " ").strip()
        stat = read(f"/proc/{pid}/stat")
        if not stat:
            continue
        if cmd.startswith("postgres:"):
            parts = cmd.split()
            title = f"backend {parts[1]}" if len(parts) >= 4 and "(" in parts[3] else " ".join(parts[1:3])
            out[f"postgres {title}|{pid}"] = ticks(stat)
        elif "java" in cmd:
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                cwd = ""
            name = next((n for marker, n in MAIN_CLASSES.items() if marker in cmd), None) \
                or next((s for s in SERVICES if s in cwd or s in cmd), f"java:{pid}")
            for tid in os.listdir(f"/proc/{pid}/task"):
                comm = (read(f"/proc/{pid}/task/{tid}/comm") or "").strip()
                tstat = read(f"/proc/{pid}/task/{tid}/stat")
                if tstat:
                    out[f"{name} {comm}|{tid}"] = ticks(tstat)
    return {"time": time.time(), "hz": os.sysconf("SC_CLK_TCK"), "ticks": out}


def diff(before, after, units):
    seconds = after["time"] - before["time"]
    groups = Counter()
    for key, value in after["ticks"].items():
        used = value - before["ticks"].get(key, 0)
        if used > 0:
            groups[re.sub(r"[-#]?\d+$", "", key.split("|")[0])] += used
    hz = after["hz"]
    total = sum(groups.values())
    print(f"{seconds:.1f} s, {total / hz / seconds:.3f} cores" + (f", {total * 1000 / hz / units:.3f} ms per unit" if units else ""))
    for group, used in groups.most_common(40):
        line = f"{used / hz / seconds:7.3f} cores"
        if units:
            line += f"  {used * 1000 / hz / units:7.3f} ms/unit"
        print(f"{line}  {group}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "snap":
        with open(sys.argv[2], "w") as f:
            json.dump(snap(), f)
    elif len(sys.argv) >= 4 and sys.argv[1] == "diff":
        with open(sys.argv[2]) as f:
            first = json.load(f)
        with open(sys.argv[3]) as f:
            second = json.load(f)
        diff(first, second, float(sys.argv[4]) if len(sys.argv) > 4 else None)
    else:
        sys.exit(__doc__)
