#!/usr/bin/env bash
# Runs every test: unit tests, the store contract on SQLite and PostgreSQL, and the end-to-end
# suites against real Prometheus and Alertmanager processes. Installs what it needs on Debian.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
ensure_postgresql
ensure_chroma
cd "$here"
exec mvn -B verify "$@"
