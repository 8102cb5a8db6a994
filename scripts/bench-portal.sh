#!/usr/bin/env bash
# Throughput and p99 latency of the portal's indicator page and its API on
# loopback, side by side with the same bytes served statically by nginx in
# the same run. Not part of CI. Needs wrk and nginx (apt-get install wrk nginx-light).
# Usage: scripts/bench-portal.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNS="${2:-64}"
WORK="$(mktemp -d)"
DYN_PORT=18090
STATIC_PORT=18091
trap 'kill $(cat "$WORK/keikaku.pid" 2>/dev/null) 2>/dev/null || true; nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 1; }

cargo build --release -q -p keikaku
K=target/release/keikaku
DB="sqlite://$WORK/bench.db"
printf 'indicator,period,value\nKPI-07,2022年3月末,19.30\nKPI-07,2023年3月末,19.20\nKPI-07,2024年3月末,19.15\nKPI-07,2025年3月末,19.10\nKPI-03,2024年度,60\n' > "$WORK/a.csv"
$K --database-url "$DB" actuals import "$WORK/a.csv" >/dev/null
KEIKAKU_LOG=warn $K --database-url "$DB" serve --addr "127.0.0.1:$DYN_PORT" > "$WORK/serve.log" 2>&1 &
echo $! > "$WORK/keikaku.pid"
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$DYN_PORT/health" >/dev/null && break; sleep 0.2; done

PAGE=/indicators/KPI-07/
API=/api/v1/indicators/KPI-07
mkdir -p "$WORK/static/indicators/KPI-07" "$WORK/static/api/v1/indicators"
curl -sf "http://127.0.0.1:$DYN_PORT$PAGE" > "$WORK/static/indicators/KPI-07/index.html"
curl -sf "http://127.0.0.1:$DYN_PORT$API" > "$WORK/static/api/v1/indicators/KPI-07"
cat > "$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; application/json json; }
  default_type application/json;
  server {
    listen 127.0.0.1:$STATIC_PORT;
    root $WORK/static;
    index index.html;
  }
}
CONF
chmod -R a+rX "$WORK"  # nginx workers run as an unprivileged user
nginx -c "$WORK/nginx.conf"
sleep 0.5
curl -sf "http://127.0.0.1:$STATIC_PORT$PAGE" | cmp - "$WORK/static/indicators/KPI-07/index.html"

run() { # label url
  local out
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$2")
  local rps p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  printf '| %s | %s | %s |\n' "$1" "$rps" "$p99"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "page: $(wc -c < "$WORK/static/indicators/KPI-07/index.html") bytes; API: $(wc -c < "$WORK/static/api/v1/indicators/KPI-07") bytes; wrk -t2 -c$CONNS -d${DURATION}s"
echo "| target | requests/s | p99 latency |"
echo "|---|---|---|"
run "keikaku indicator page $PAGE" "http://127.0.0.1:$DYN_PORT$PAGE"
run "nginx, same bytes" "http://127.0.0.1:$STATIC_PORT$PAGE"
run "keikaku API $API" "http://127.0.0.1:$DYN_PORT$API"
run "nginx, same bytes" "http://127.0.0.1:$STATIC_PORT$API"
