#!/usr/bin/env bash
# SMD benchmark: Firebreak's isolation forest (classic and per-metric), Tribuo's one-class SVM
# and scikit-learn's IsolationForest (Debian's python3-sklearn, installed when missing) on SMD
# machines 1-7 and 2-1, read in place from ../shared/data/smd. Prints point-wise and
# point-adjusted precision/recall/F1 at the best and at each detector's own threshold.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || apt_install python3-sklearn
FIREBREAK_HOME="$here" run_tests_main SmdBenchmark
