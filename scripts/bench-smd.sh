#!/usr/bin/env bash
# SMD benchmark: Firebreak's isolation forest (per-metric and classic), Tribuo's one-class SVM,
# scikit-learn's IsolationForest and PCA reconstruction error (Debian's python3-sklearn,
# installed when missing) on every machine of an SMD-layout folder (default ../shared/data/smd,
# read in place): scripts/bench-smd.sh [folder]. Prints point-wise and point-adjusted
# precision/recall/F1 at the best threshold, AUPRC, F1 at each detector's own threshold,
# attribution HitRate@100%/@150% against interpretation_label, the means and the goals.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || apt_install python3-sklearn
FIREBREAK_HOME="$here" run_tests_main SmdBenchmark "$(realpath "${1:-$here/../shared/data/smd}")"
