#!/usr/bin/env bash
# Builds the engine jar and runs the shared peer benchmark: nginx, haproxy and Gatehouse in front of
# one origin, each proxy pinned to one core. Prints req/s, p50, p99 and ratios against nginx.
#   bench/peer-bench.sh            (ROUNDS, DURATION, CONNS... pass through to the shared script)
#
# A JVM pinned to one core shares it with its JIT compiler, and C2 keeps recompiling for a minute or
# more under full load. Worse, code compiled while 50 connections stay open treats connect and close
# as never taken: each new wrk run (new connections) then deoptimizes the event loop and recompiles.
# So before the shared script's own warm-up (the same for every proxy) the engine gets JIT_WARMUP
# seconds of load in 10 s runs on fresh connections, against a temporary origin; the shared script
# then starts its own origin and the engine reconnects to it. JIT_WARMUP=0 skips this. 120 s because
# with -XX:+PrintCompilation C2 still compiled ~170 methods (the event loop's runIo among them) between
# 60 and 100 s into the load, and each compile takes the proxy's one core from the event loop.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED_BENCH:-../shared/bench/peer-bench.sh}
PORT=18083 ORIGIN_PORT=${ORIGIN_PORT:-18080} PROXY_CPUS=${PROXY_CPUS:-1} LOADGEN_CPUS=${LOADGEN_CPUS:-0}
JIT_WARMUP=${JIT_WARMUP:-120}
for t in wrk nginx haproxy; do
  command -v "$t" >/dev/null || { echo "installing wrk nginx haproxy"; apt-get install -y wrk nginx haproxy >/dev/null; break; }
done
[ -f proxy-engine/target/gatehouse-engine.jar ] || ./mvnw -B -ntp -q -pl proxy-engine -am -DskipTests package
# A large young generation keeps minor GCs rare (they are the p99 tail at this load).
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn600m -XX:+UseParallelGC -XX:+AlwaysPreTouch"}

WORK=$(mktemp -d); ENGINE="" ORIGIN=""
cleanup() { for p in $ORIGIN $ENGINE; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
up() { for _ in $(seq 1 100); do curl -s -o /dev/null -m 1 "http://127.0.0.1:$1/" && return 0; sleep 0.2; done
  echo "peer-bench: nothing answers on port $1" >&2; exit 3; }

taskset -c "$PROXY_CPUS" java $JAVA_OPTS -jar proxy-engine/target/gatehouse-engine.jar run -c bench/peer.yaml \
  > "$WORK/engine.log" 2>&1 & ENGINE=$!
if [ "$JIT_WARMUP" -gt 0 ]; then
  mkdir -p "$WORK/tmp"
  cat > "$WORK/origin.conf" <<CONF
worker_processes 1; daemon off; error_log $WORK/origin.err warn; pid $WORK/origin.pid;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 10000000; keepalive_timeout 300s;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:$ORIGIN_PORT; location / { default_type application/json; return 200 '{"warm":true}'; } } }
CONF
  taskset -c "$LOADGEN_CPUS" nginx -p "$WORK" -c "$WORK/origin.conf" & ORIGIN=$!
  up "$PORT"
  echo "# JIT warm-up: ${JIT_WARMUP}s of wrk -c${CONNS:-50} in 10 s runs, each on fresh connections"
  for _ in $(seq 1 $(( (JIT_WARMUP + 9) / 10 ))); do
    taskset -c "$LOADGEN_CPUS" wrk -t1 -c"${CONNS:-50}" -d10s "http://127.0.0.1:$PORT/" > /dev/null
  done
  kill "$ORIGIN"; wait "$ORIGIN" 2>/dev/null || true; ORIGIN=""
fi
CANDIDATE_CMD="" CANDIDATE_PID=$ENGINE CANDIDATE_PORT=$PORT ORIGIN_PORT=$ORIGIN_PORT PROXY_CPUS=$PROXY_CPUS \
  LOADGEN_CPUS=$LOADGEN_CPUS ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-10} WARMUP=${WARMUP:-30} bash "$SHARED"
echo "# candidate: java $JAVA_OPTS -jar proxy-engine/target/gatehouse-engine.jar run -c bench/peer.yaml (pinned to cpu $PROXY_CPUS)"
