#!/usr/bin/env bash
# Investigation benchmark: the packaged gateway investigates INCIDENTS (default 1000)
# Alertmanager incidents with every kind of evidence source configured and local (the real
# Prometheus and Zipkin; Loki, Elasticsearch, Jaeger and Tempo as WireMock servers answering
# realistic bodies), then prints gathering time per incident (p50/p95/max), throughput, and the
# gateway's memory and database size with that evidence stored.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
# install also copies the Zipkin server jar to tests/target/zipkin/ (pre-integration-test).
FIREBREAK_HOME="$here" run_tests_main EvidenceBenchmark
