#!/usr/bin/env bash
# Recall at scale: heap and query latency of the embedded vector index and the BM25 index with
# N (default 100000) remembered incidents (synthetic texts, random vectors).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
MAVEN_OPTS="${MAVEN_OPTS:-} -Xmx2g -Drecall.n=${N:-100000}" FIREBREAK_HOME="$here" run_tests_main RecallScaleBenchmark
