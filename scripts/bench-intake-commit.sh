#!/usr/bin/env bash
# Intake's group commit on plain JDBC (as shipped) against the same commit on Jdbi, same SQLite
# pool and settings, alternating rounds: signals/s and writer CPU per signal, one and 50
# signals per commit. Options (environment): SIGNALS per round (100000), ROUNDS (3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
MAVEN_OPTS="${MAVEN_OPTS:-} -Dcommit.signals=${SIGNALS:-100000} -Dcommit.rounds=${ROUNDS:-3}" \
  FIREBREAK_HOME="$here" run_tests_main dev.firebreak.integrations.store.IntakeCommitBenchmark
