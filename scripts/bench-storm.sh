#!/usr/bin/env bash
# Storm benchmark: a burst of SIGNALS (default 500000) Alertmanager alerts, then one alert of a
# new group; prints seconds until that alert is an incident while the burst's backlog is being
# correlated, and until the backlog is clear, on SQLite and PostgreSQL (PG_URL, default the
# local server's test database; STORES=sqlite,postgresql), for a burst over 100 groups and one
# where every notification is a group of its own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
FIREBREAK_HOME="$here" run_tests_main StormBenchmark
