#!/usr/bin/env bash
# Native executables against JVM jars: builds this module, then runs dev.tally.bench.NativeBenchmark, which for each
# runtime starts fresh PostgreSQL and Kafka and the four services itself, measures ready time, idle RSS, catch-up,
# deposits at 8 clients (with the raw engine baselines of the same column), RSS after load and CPU per command at a
# fixed rate, stops them all and writes bench/results/native-<date>.md and .json with the ratios native/JVM.
# About 4 minutes for the JVM column on 2 cores, less for the native one. See bench/README.md.
#
#   bench/run-native-bench.sh                 both columns (the native one only if the executables exist)
#   bench/run-native-bench.sh --no-build ...  skip the Maven build of this module
#
# It never builds the services: the JVM column runs <module>/target/quarkus-app (./mvnw package -DskipTests), the
# native one <module>/target/<artifactId>-<version>-runner (./mvnw package -Dnative -DskipTests); without those
# it says so and measures the JVM column only.
# Other options (--name=value): events=100000 raw-warmup=3 raw-measure=10 deposit-warmup=10 deposit-measure=15
# rate=100 rate-warmup=5 rate-measure=30 runtimes=jvm,native jvm-from=<dir> native-from=<dir> out=bench/results
# (jvm-from / native-from: a directory laid out like this repository holding the builds, e.g. jar builds saved
# before a -Dnative build, which has no quarkus-run.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
command_line="bench/run-native-bench.sh $*"

build=1
args=()
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$arg") ;;
  esac
done

if ((build)); then
  mkdir -p bench/target
  echo "Building the benchmark (log: bench/target/native-build.log)..."
  if ! ./mvnw -B -ntp -q package -DskipTests -pl bench -am > bench/target/native-build.log 2>&1; then
    tail -n 40 bench/target/native-build.log >&2
    exit 1
  fi
fi

version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain -- write-side read-side events-schema platform deploy/engines bench/src 2>/dev/null) ]]; then
  commit="$commit (with uncommitted changes)"
fi

exec java -Xmx1g -Dtally.repo="$repo" -Dtally.version="$version" -Dbench.command="$command_line" \
  -Dbench.commit="$commit" -cp "bench/target/classes:$(cat bench/target/bench-classpath.txt)" \
  dev.tally.bench.NativeBenchmark "${args[@]+"${args[@]}"}"
