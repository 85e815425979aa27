#!/usr/bin/env bash
# LogHub benchmark: Firebreak's template miner, one configuration for every system, on
# the 2k samples of HDFS, BGL, OpenStack, Apache and Spark in ../shared/data/loghub (read in place).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
FIREBREAK_HOME="$here" run_tests_main LogHubBenchmark
