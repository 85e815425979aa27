#!/usr/bin/env bash
# Records the scenario suite again: one incident per kind of root cause from real runs (the real
# Prometheus and Alertmanager scraping a service that fails that way; the real Zipkin for the
# dependency scenario), written to examples/scenarios/CAUSE.bundle.json. About 10 minutes.
# Arguments: scenario names (BAD_DEPLOY, DISK_FULL, …) to record only those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
cd "$here"
mvn -B -q -Dstyle.color=never -DskipTests install
mvn -B -q -Dstyle.color=never -pl tests \
  org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.mainClass=dev.firebreak.tests.ScenarioRecorder -Dexec.classpathScope=test \
  -Dexec.args="$*"
