#!/usr/bin/env bash
# Live benchmark (issue 13): builds the write service, the three read services and this module, then runs
# dev.tally.bench.LiveBenchmark, which starts PostgreSQL, Kafka and the four services itself, measures the warm-up,
# an open-loop sweep of rates (latency and CPU per command per process) and closed-loop write throughput against the
# raw INSERT, then, with the services stopped, the engines' floor at the swept rates and client counts, stops them
# all and writes bench/results/live-<date>.md, .json and .png. See bench/README.md.
#
#   bench/run-live-bench.sh                 full run (about 15 minutes on 2 cores; the numbers worth committing)
#   bench/run-live-bench.sh --quick         smoke run (short phases, 3 rates, 3 client counts; live-quick-<date>.*)
#   bench/run-live-bench.sh --no-build ...  skip the Maven build
#
# Other options (--name=value): rates=100,200,500,1000,2000 pool=200 rate-warmup=5 rate-measure=20
# saturation-p99=2000 statements-rate=200 warmup-rate=100 warmup-window=10 warmup-max=600 steady-change=0.10 steady-jit=0.05
# clients=1,4,8,16,32 closed-warmup=3 closed-measure=10 zipf-accounts=1000 zipf-s=1.0 floor-warmup=60
# out=bench/results services-from=<dir with built services>; --floor-only: the engines' floor alone
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
command_line="bench/run-live-bench.sh $*"

build=1
args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

services=write-side/ledger-service,read-side/accounts-view,read-side/backoffice-view,read-side/audit-view
if ((build)); then
  mkdir -p bench/target
  echo "Building the services and the benchmark (log: bench/target/live-build.log)..."
  if ! ./mvnw -B -ntp -q package -DskipTests -pl "$services,bench" -am > bench/target/live-build.log 2>&1; then
    tail -n 40 bench/target/live-build.log >&2
    exit 1
  fi
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- write-side read-side events-schema platform deploy/engines bench/src 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes)"
fi

exec java -Xmx1g -Djava.awt.headless=true -Dtally.repo="$repo" -Dbench.command="$command_line" \
  -Dbench.commit="$commit" -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.tally.bench.LiveBenchmark "${args[@]+"${args[@]}"}"
