#!/usr/bin/env bash
# Read-side benchmark: builds the write service, the three read services and this module, then runs
# dev.tally.bench.ReadBenchmark, which starts PostgreSQL, Kafka and the services itself, measures, stops them all and
# writes bench/results/read-<date>.md and .json. Takes about 10 minutes on 2 cores. See bench/README.md.
#
#   bench/run-read-bench.sh                 full run (1,000,000 events; the numbers worth committing)
#   bench/run-read-bench.sh --quick         smoke run (100,000 events, short phases; writes read-quick-<date>.*)
#   bench/run-read-bench.sh --no-build ...  skip the Maven build
#
# Other options (--name=value): events=1000000 accounts=20000 seed=42 insert-batch=500
# views=accounts,backoffice,audit catch-up-timeout=150 rate=200 pool=200 e2e-warmup=10 e2e-measure=60 out=bench/results
# services-from=<dir with built services>
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
command_line="bench/run-read-bench.sh $*"

build=1
args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

services=write-side/ledger-service,read-side/accounts-view,read-side/backoffice-view,read-side/audit-view
if ((build)); then
  mkdir -p bench/target
  echo "Building the services and the benchmark (log: bench/target/read-build.log)..."
  if ! ./mvnw -B -ntp -q package -DskipTests -pl "$services,bench" -am > bench/target/read-build.log 2>&1; then
    tail -n 40 bench/target/read-build.log >&2
    exit 1
  fi
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- write-side read-side events-schema platform deploy/engines bench/src 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes)"
fi

exec java -Xmx1g -Dtally.repo="$repo" -Dbench.command="$command_line" -Dbench.commit="$commit" \
  -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.tally.bench.ReadBenchmark "${args[@]+"${args[@]}"}"
