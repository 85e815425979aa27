#!/usr/bin/env bash
# Records examples/*.bundle.json again from real runs: the evidence end-to-end suite (the real
# Prometheus, Alertmanager and Zipkin, a service whose errors and latency rise, then one that
# goes down) writes each incident's bundle there, after a longer healthy baseline than in CI.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
cd "$here"
mvn -B -q -Dstyle.color=never -DskipTests install
mvn -B -q -Dstyle.color=never -pl tests verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=EvidenceEndToEndIT -Dfirebreak.examples="$here/examples" \
  -Dfirebreak.examples.baseline=100
ls -l "$here/examples"
