#!/usr/bin/env bash
# LogHub benchmark: Firebreak's log parser, one configuration for every system, on the 2k
# samples of every system in a LogHub-layout folder (default ../shared/data/loghub, read in
# place): scripts/bench-loghub.sh [folder]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
FIREBREAK_HOME="$here" run_tests_main LogHubBenchmark "$(realpath "${1:-$here/../shared/data/loghub}")"
