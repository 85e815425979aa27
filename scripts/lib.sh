# Shared by ./firebreak and scripts/*.sh: install what is missing on a Debian machine.
# shellcheck shell=bash

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

ensure_java_and_maven() {
  if ! command -v javac >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
    echo "installing a JDK (openjdk-17-jdk-headless)…" >&2
    apt_install openjdk-17-jdk-headless
  fi
}

# Maven is the project's wrapper: the version in .mvn/wrapper/maven-wrapper.properties, fetched
# from Maven Central on first use into ~/.m2/wrapper, whatever Maven the machine has.
firebreak_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn() {
  "$firebreak_root/mvnw" "$@"
}

# The real Prometheus 2.42 and Alertmanager 0.25 the end-to-end tests start.
ensure_prometheus_and_alertmanager() {
  if [ ! -x /usr/bin/prometheus ] || [ ! -x /usr/bin/promtool ] || [ ! -x /usr/bin/prometheus-alertmanager ]; then
    echo "installing prometheus and prometheus-alertmanager…" >&2
    apt_install prometheus prometheus-alertmanager
  fi
}

# Node.js and npm for the real Chroma server (scripts/chroma-server installs its npm package).
ensure_chroma() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "installing nodejs and npm (for the Chroma server)…" >&2
    apt_install nodejs npm
  fi
  "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/chroma-server" install
}

# PostgreSQL on 127.0.0.1:5432 with a database `test` that user postgres/postgres can use.
ensure_postgresql() {
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    return
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "installing PostgreSQL…" >&2
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -n | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
  as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" \
    | grep -q 1 || as_root su postgres -c "createdb test"
}

# Builds everything (tests skipped) and runs a main class of the tests module — the benchmarks
# and recorders — with the test classpath: run_tests_main CLASS [ARGS…]; CLASS is in
# dev.firebreak.tests unless it names its package.
run_tests_main() {
  local main="$1"
  shift
  [[ "$main" == *.* ]] || main="dev.firebreak.tests.$main"
  (cd "$FIREBREAK_HOME" && mvn -B -q -Dstyle.color=never -DskipTests install \
    && mvn -B -q -Dstyle.color=never -pl tests \
      org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
      -Dexec.mainClass="$main" -Dexec.classpathScope=test \
      -Dexec.args="$*")
}

# For the benchmark scripts: a free loopback port, and waiting until a URL answers 2xx.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_ok() {
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2
  return 1
}
