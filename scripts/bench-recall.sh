#!/usr/bin/env bash
# Similar-incident recall on ../shared/data/incidents/icco-postmortems (121 annotated public
# postmortems): P@5, R@5, MRR, nDCG@10 and query latency for embeddings on the embedded index
# and on a real Chroma server (scripts/chroma-server), BM25 alone and the fused ranking.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
FIREBREAK_HOME="$here" run_tests_main RecallBenchmark
