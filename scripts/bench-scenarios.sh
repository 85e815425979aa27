#!/usr/bin/env bash
# Scenario suite: replays the recorded incidents in examples/scenarios (one per kind of root
# cause, recorded from real runs) and prints the diagnosis's top-1 and top-3 accuracy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
FIREBREAK_HOME="$here" run_tests_main ScenarioBenchmark
