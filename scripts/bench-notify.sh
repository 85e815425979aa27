#!/usr/bin/env bash
# Alert to page: INCIDENTS (300) alerts of their own groups at once, each to become one
# PagerDuty trigger on a fake Events API v2 (WireMock, answering after PD_LATENCY_MS, 20), for
# Firebreak and for Alertmanager's own PagerDuty notifier, with PagerDuty taking everything and
# throttling at THROTTLE (20) requests per second.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
FIREBREAK_HOME="$here" run_tests_main NotificationBenchmark
