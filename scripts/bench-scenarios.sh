#!/usr/bin/env bash
# Scenario suite: replays the recorded incidents in examples/scenarios (one per kind of root
# cause, recorded from real runs) and prints the diagnosis's top-1 and top-3 accuracy.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
cd "$here"
mvn -B -q -Dstyle.color=never -DskipTests install
mvn -B -q -Dstyle.color=never -pl tests \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=dev.firebreak.tests.ScenarioBenchmark -Dexec.classpathScope=test
