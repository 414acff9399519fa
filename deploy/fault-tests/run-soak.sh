#!/usr/bin/env bash
# The soak (issue 15, item 5): the whole system for 30 minutes at half the measured peak, sampled every 30 s (RSS,
# heap after GC, threads, file descriptors, PostgreSQL connections, table sizes), then the fault suite's promise and
# a growth bound per series. Not part of any build or CI run: start it by hand on a quiet machine.
#
#   deploy/fault-tests/run-soak.sh [minutes [commands-per-second [interval-seconds]]]    (defaults: 30 250 30)
#
# Output: deploy/fault-tests/target/soak/ (soak.md, soak.csv, one PNG per series); copy it to
# deploy/fault-tests/results/soak-<date>/ to commit it.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-30}
rate=${2:-250}
interval=${3:-30}
exec ./mvnw -B verify -pl deploy/fault-tests -am -Psoak -DskipITs -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SoakRun -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dtally.soak.minutes="$minutes" -Dtally.soak.rate="$rate" -Dtally.soak.interval-seconds="$interval"
