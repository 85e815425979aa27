#!/usr/bin/env bash
# Replica benchmark: alerts/s through one address (HAProxy, TCP round robin) into one gateway,
# then into two gateways, both on the same PostgreSQL (PG_URL, default the local server's test
# database; a fresh schema per run), with new alerts at 1 and 50 per request. Prints both from
# the same run. Options (environment): DURATION (s per cell, default 15), CONNECTIONS
# (default 64), WARMUP (s, default 20).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v haproxy >/dev/null 2>&1 || apt_install haproxy
command -v psql >/dev/null 2>&1 || apt_install postgresql-client
duration="${DURATION:-15}"
connections="${CONNECTIONS:-64}"
warmup="${WARMUP:-20}"
pg_url="${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=postgres}"

(cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.test.skip=true -pl gateway -am package)
work="$(mktemp -d)"
pids=()
schemas=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for schema in "${schemas[@]}"; do
    PGOPTIONS="-c client_min_messages=warning" psql -q -h 127.0.0.1 -U postgres test \
      -c "DROP SCHEMA IF EXISTS $schema CASCADE" || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Starts REPLICAS gateways on a fresh schema behind HAProxy; sets lb_port.
start_stack() {
  local replicas=$1 schema="bench_replicas_$$_$1" servers=""
  psql -q -h 127.0.0.1 -U postgres test -c "CREATE SCHEMA $schema"
  schemas+=("$schema")
  for i in $(seq 1 "$replicas"); do
    local port
    port=$(free_port)
    FIREBREAK_PORT=$port FIREBREAK_DATABASE_URL="$pg_url&currentSchema=$schema" \
      FIREBREAK_ALERTMANAGER_TOKEN=bench FIREBREAK_MEMORY=off \
      java ${FIREBREAK_JAVA_OPTS:--Xmx1g} -jar "$here/gateway/target/firebreak.jar" serve \
      > "$work/firebreak-$replicas-$i.log" 2>&1 &
    pids+=($!)
    await_ok "http://127.0.0.1:$port/health"
    servers+="  server replica$i 127.0.0.1:$port"$'\n'
  done
  lb_port=$(free_port)
  cat > "$work/haproxy-$replicas.cfg" <<CFG
global
  maxconn 4096
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend webhooks
  bind 127.0.0.1:$lb_port
  default_backend gateways
backend gateways
  balance roundrobin
$servers
CFG
  haproxy -f "$work/haproxy-$replicas.cfg" > "$work/haproxy-$replicas.log" 2>&1 &
  pids+=($!)
  await_ok "http://127.0.0.1:$lb_port/health"
}

run() { # port alerts seconds
  TARGET=firebreak TOKEN=bench ALERTS=$2 MODE=distinct wrk -t2 -c"$connections" -d"$3s" \
    --latency -s "$here/tests/bench/intake.lua" "http://127.0.0.1:$1" | grep '^RESULT' || true
}

echo "Replica benchmark: wrk, 2 threads, $connections connections, ${duration}s per cell, through HAProxy (TCP, round robin)"
echo "Firebreak on PostgreSQL $(psql -At -h 127.0.0.1 -U postgres test -c 'SHOW server_version'), new alerts, $(nproc) cores shared by everything"
printf '\n%-16s %-10s %12s %9s %9s %8s\n' "alerts/request" "replicas" "alerts/s" "p50 ms" "p99 ms" "errors"
for replicas in 1 2; do
  start_stack "$replicas"
  port=$lb_port
  run "$port" 1 "$warmup" > /dev/null
  for alerts in 1 50; do
    result=$(run "$port" "$alerts" "$duration")
    requests=$(field requests "$result"); seconds=$(field seconds "$result")
    rate=$(awk -v r="$requests" -v s="$seconds" -v a="$alerts" 'BEGIN{printf "%.0f", r*a/s}')
    errors=$(( $(field non2xx "$result") + $(field socket_errors "$result") ))
    printf '%-16s %-10s %12s %9s %9s %8s\n' "$alerts" "$replicas" "$rate" \
      "$(field p50_ms "$result")" "$(field p99_ms "$result")" "$errors"
  done
  # The next stack starts on an idle machine.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
