#!/usr/bin/env bash
# Intake benchmark: loads Firebreak (durable: fsync before every 2xx) and the local
# Alertmanager 0.25 (in memory) with the same alerts over loopback, one alert per request and
# 50 per request, new alerts and repeated ones, and prints alerts/s and p50/p99 latency of both
# from the same run. Options (environment): DURATION (s, default 15), CONNECTIONS (default 64),
# WARMUP (s per peer at one alert per request, half that at 50; default 30). Correlation runs behind intake; the figures printed after the
# table say how far behind it was and how long it took to catch up.
set -Eeuo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/scripts/lib.sh"
ensure_java_and_maven
ensure_prometheus_and_alertmanager
command -v wrk >/dev/null 2>&1 || apt_install wrk
duration="${DURATION:-15}"
connections="${CONNECTIONS:-64}"

(cd "$here" && mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.test.skip=true -pl gateway -am package)
work="$(mktemp -d)"
pids=()
step="start-up"
failed=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$failed" = 1 ]; then
    echo "bench-intake: the work directory is kept for a look: $work" >&2
  else
    rm -rf "$work"
  fi
}
# A benchmark that stops must say where: the cell, and the logs of both peers.
on_error() {
  local status=$?
  failed=1
  echo "bench-intake: failed (exit $status) during: $step" >&2
  for log in firebreak alertmanager; do
    [ -f "$work/$log.log" ] && { echo "--- last lines of $log.log" >&2; tail -n 20 "$work/$log.log" >&2; }
  done
  return "$status"
}
trap on_error ERR
trap cleanup EXIT


fb_port=$(free_port)
am_port=$(free_port)
cat > "$work/alertmanager.yml" <<YAML
route:
  receiver: blackhole
receivers:
  - name: blackhole
YAML
FIREBREAK_PORT=$fb_port FIREBREAK_DATABASE_URL="jdbc:sqlite:$work/firebreak.db" \
  java ${FIREBREAK_JAVA_OPTS:--Xmx1g} -jar "$here/gateway/target/firebreak.jar" serve \
  > "$work/firebreak.log" 2>&1 &
pids+=($!)
fb_pid=$!
/usr/bin/prometheus-alertmanager --config.file="$work/alertmanager.yml" \
  --storage.path="$work/am" --web.listen-address="127.0.0.1:$am_port" \
  --cluster.listen-address= > "$work/alertmanager.log" 2>&1 &
pids+=($!)
am_pid=$!
await_ok "http://127.0.0.1:$fb_port/health"
await_ok "http://127.0.0.1:$am_port/-/ready"

run() { # target port alerts mode
  local url="http://127.0.0.1:$2" output
  output=$(TARGET=$1 ALERTS=$3 MODE=$4 wrk -t2 -c"$connections" -d"${duration}s" --latency \
    -s "$here/tests/bench/intake.lua" "$url" 2>&1) || true
  if ! grep '^RESULT' <<<"$output"; then
    echo "wrk printed no RESULT line:" >&2
    echo "$output" >&2
    return 1
  fi
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Both peers get the same warm-up, so the JVM's JIT compiler has done its work before the
# measured runs (it takes a third of the CPU during the first half minute on two cores).
warmup="${WARMUP:-30}"
echo "warming up both peers for $((warmup * 3 / 2))s each…" >&2
for peer in alertmanager firebreak; do
  step="warm-up of $peer"
  port=$am_port; [ "$peer" = firebreak ] && port=$fb_port
  TARGET=$peer ALERTS=1 MODE=distinct wrk -t2 -c"$connections" -d"${warmup}s" \
    -s "$here/tests/bench/intake.lua" "http://127.0.0.1:$port" > /dev/null
  TARGET=$peer ALERTS=50 MODE=distinct wrk -t2 -c"$connections" -d"$((warmup / 2))s" \
    -s "$here/tests/bench/intake.lua" "http://127.0.0.1:$port" > /dev/null
done
cpu_ticks() { # utime + stime of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
# Alertmanager goes on dispatching what it was sent after a cell ends, and Firebreak goes on
# correlating: wait until neither uses more than 5% of a core, so a cell does not pay for the
# one before it, whichever peer ran it.
await_quiet() {
  for _ in $(seq 1 120); do
    local before after
    before=$(( $(cpu_ticks "$fb_pid") + $(cpu_ticks "$am_pid") ))
    sleep 1
    after=$(( $(cpu_ticks "$fb_pid") + $(cpu_ticks "$am_pid") ))
    [ $((after - before)) -le $(( $(getconf CLK_TCK) / 20 )) ] && return 0
  done
  echo "bench-intake: the peers were still busy after 120 s before: $step; measuring anyway" >&2
}
await_drained() {
  for _ in $(seq 1 600); do
    backlog=$(curl -s "http://127.0.0.1:$fb_port/metrics" | sed -n 's/^firebreak_correlation_backlog \(.*\)/\1/p')
    [ "${backlog%.*}" = 0 ] && return 0
    sleep 1
  done
  echo "bench-intake: correlation backlog still ${backlog:-unknown} after 600 s" >&2
  return 1
}

echo "Intake benchmark: wrk, 2 threads, $connections connections, ${duration}s per cell, loopback"
echo "Firebreak: SQLite WAL, synchronous=FULL (fsync before each 2xx), group commit"
echo "Alertmanager $(/usr/bin/prometheus-alertmanager --version 2>&1 | head -n1 | awk '{print $3}'): in-memory /api/v2/alerts"
printf '\n%-22s %-13s %12s %9s %9s %8s\n' "scenario" "peer" "alerts/s" "p50 ms" "p99 ms" "errors"
for alerts in 1 50; do
  for mode in distinct repeated; do
    for peer in alertmanager firebreak; do
      port=$am_port; [ "$peer" = firebreak ] && port=$fb_port
      step="cell $alerts/request $mode, $peer"
      # Each cell starts with correlation caught up and both peers idle.
      await_drained
      await_quiet
      result=$(run "$peer" "$port" "$alerts" "$mode")
      requests=$(field requests "$result"); seconds=$(field seconds "$result")
      rate=$(awk -v r="$requests" -v s="$seconds" -v a="$alerts" 'BEGIN{printf "%.0f", r*a/s}')
      errors=$(( $(field non2xx "$result") + $(field socket_errors "$result") ))
      printf '%-22s %-13s %12s %9s %9s %8s\n' "$alerts/request $mode" "$peer" "$rate" \
        "$(field p50_ms "$result")" "$(field p99_ms "$result")" "$errors"
    done
  done
done
started=$(date +%s)
step="catching up after the last cell"
await_drained
echo
echo "Correlation caught up $(( $(date +%s) - started ))s after the last cell"
rss_kb=$(ps -o rss= -p "$fb_pid" | tr -d ' ')
echo
echo "Firebreak resident memory at the end: $((rss_kb / 1024)) MiB"
curl -s "http://127.0.0.1:$fb_port/metrics" | grep -E '^firebreak_(signals_total|correlation_backlog|incidents_open)' || true
