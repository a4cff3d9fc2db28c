#!/usr/bin/env bash
# What a filter costs: runs one engine per config side by side (each pinned to CPU 1, in front of one
# nginx origin pinned with wrk to CPU 0), interleaves wrk rounds between them, and prints medians
# of req/s, p50 and p99 with the difference from the first config (the baseline).
#
#   bench/filter-cost.sh bench/peer.yaml bench/ratelimit-local.yaml bench/ratelimit-redis.yaml
#   ROUNDS=5 DURATION=10 WARMUP=20 CONNS=50 bench/filter-cost.sh ...
#
# Every config must listen on 127.0.0.1:18083 and proxy to the origin on 127.0.0.1:18080 (as
# bench/peer.yaml does); each engine gets its own port here.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 BASELINE.yaml CONFIG.yaml..." >&2; exit 2; }
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10} WARMUP=${WARMUP:-20} CONNS=${CONNS:-50}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn600m -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
for t in wrk nginx; do command -v "$t" >/dev/null || { apt-get install -y wrk nginx >/dev/null; break; }; done
[ -f proxy-engine/target/gatehouse-engine.jar ] || ./mvnw -B -ntp -q -pl proxy-engine -am -DskipTests package

WORK=$(mktemp -d); PIDS=(); COPIES=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK" "${COPIES[@]}"; }
trap cleanup EXIT

BODY='{"status":"ok","service":"origin","version":"1.0.0","ts":1700000000,"data":{"id":42,"name":"bench"}}'
mkdir -p "$WORK/tmp"
cat > "$WORK/origin.conf" <<CONF
worker_processes 1; daemon off; error_log $WORK/origin.err warn; pid $WORK/origin.pid;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 300s;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:18080 backlog=4096; location / { default_type application/json; return 200 '$BODY'; } } }
CONF
taskset -c 0 nginx -p "$WORK" -c "$WORK/origin.conf" & PIDS+=($!)

ports=()
for i in $(seq 1 $#); do
  config="${!i}" port=$((18090 + i))
  # The copy sits beside the original, so relative paths in it (Wasm modules, certificates) still resolve.
  copy="$(dirname "$config")/.filter-cost-$$-$i.yaml"; COPIES+=("$copy")
  sed "s/127.0.0.1:18083/127.0.0.1:$port/" "$config" > "$copy"
  taskset -c 1 java $JAVA_OPTS -jar proxy-engine/target/gatehouse-engine.jar run -c "$copy" > "$WORK/engine-$i.log" 2>&1 & PIDS+=($!)
  ports+=("$port")
done
for port in 18080 "${ports[@]}"; do
  for _ in $(seq 1 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$port/")" = 200 ] && continue 2; sleep 0.2; done
  echo "nothing answers 200 on $port; logs in $WORK" >&2; cat "$WORK"/engine-*.log >&2; exit 3
done

wrk_run() { # port seconds -> "rps p50ms p99ms"
  taskset -c 0 wrk -t1 -c"$CONNS" -d"$2s" --latency "http://127.0.0.1:$1/" | awk '
    function ms(v) { return v ~ /us$/ ? v / 1000 : (v ~ /ms$/ ? v + 0 : v * 1000) }
    /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Non-2xx|Socket errors/ { bad = 1 }
    END { printf "%.0f %.3f %.3f %s\n", rps, p50, p99, bad ? "errors" : "" }'
}
for port in "${ports[@]}"; do wrk_run "$port" "$WARMUP" > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!ports[@]}"; do wrk_run "${ports[$i]}" "$DURATION" >> "$WORK/result-$i"; done
done

median() { sort -n | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "# wrk -t1 -c$CONNS, $ROUNDS x ${DURATION}s interleaved after ${WARMUP}s warm-up; engine on CPU 1, wrk + origin on CPU 0"
printf "%-34s %9s %8s %8s %10s %10s %s\n" config req/s p50_ms p99_ms "Δp50_ms" "Δp99_ms" note
for i in "${!ports[@]}"; do
  n=$((i + 1)); rps=$(cut -d' ' -f1 "$WORK/result-$i" | median); p50=$(cut -d' ' -f2 "$WORK/result-$i" | median)
  p99=$(cut -d' ' -f3 "$WORK/result-$i" | median); note=$(grep -q errors "$WORK/result-$i" && echo "non-2xx or socket errors" || true)
  [ "$i" = 0 ] && { b50=$p50; b99=$p99; }
  printf "%-34s %9s %8s %8s %10.3f %10.3f %s\n" "${!n}" "$rps" "$p50" "$p99" "$(echo "$p50 - $b50" | bc -l)" "$(echo "$p99 - $b99" | bc -l)" "$note"
done
