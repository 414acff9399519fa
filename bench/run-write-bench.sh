#!/usr/bin/env bash
# Write-side benchmark: builds the write service and this module, then runs dev.tally.bench.WriteBenchmark, which
# starts PostgreSQL, Kafka and the write service itself, measures, stops them all and writes
# bench/results/write-<date>.md and .json. Takes about 6 minutes on 2 cores. See bench/README.md.
#
#   bench/run-write-bench.sh                 full run (the numbers worth committing)
#   bench/run-write-bench.sh --quick         short smoke run (writes write-quick-<date>.*)
#   bench/run-write-bench.sh --no-build ...  skip the Maven build
#
# Other options (--name=value): levels=1,4,8,16 clients=8 warmup=3 measure=12 main-warmup=5 main-measure=20
# service-warmup=10 long-stream=10000 snapshot-requests=200 idempotency-keys=false out=bench/results
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
command_line="bench/run-write-bench.sh $*"

build=1
args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

if ((build)); then
  mkdir -p bench/target
  echo "Building the write service and the benchmark (log: bench/target/build.log)..."
  if ! ./mvnw -B -ntp -q package -DskipTests -pl write-side/ledger-service,bench -am > bench/target/build.log 2>&1; then
    tail -n 40 bench/target/build.log >&2
    exit 1
  fi
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- write-side events-schema platform deploy/engines bench/src 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes)"
fi

exec java -Xmx1g -Dtally.repo="$repo" -Dbench.command="$command_line" -Dbench.commit="$commit" \
  -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.tally.bench.WriteBenchmark "${args[@]+"${args[@]}"}"
