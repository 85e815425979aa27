#!/usr/bin/env bash
# Records the scenario suite again: one incident per kind of root cause from real runs (the real
# Prometheus and Alertmanager scraping a service that fails that way; the real Zipkin for the
# dependency scenario), written to examples/scenarios/CAUSE.bundle.json. About 10 minutes.
# Arguments: scenario names (BAD_DEPLOY, DISK_FULL, …) to record only those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
FIREBREAK_HOME="$here" run_tests_main ScenarioRecorder "$@"
