#!/usr/bin/env bash
# Builds the engine jar and runs the shared peer benchmark: nginx, haproxy and Gatehouse in front of
# one origin, each proxy pinned to one core. Prints req/s, p50, p99 and ratios against nginx.
#   bench/peer-bench.sh            (ROUNDS, DURATION, CONNS... pass through to the shared script)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED_BENCH:-../shared/bench/peer-bench.sh}
for t in wrk nginx haproxy; do
  command -v "$t" >/dev/null || { echo "installing wrk nginx haproxy"; apt-get install -y wrk nginx haproxy >/dev/null; break; }
done
[ -f proxy-engine/target/gatehouse-engine.jar ] || ./mvnw -B -ntp -q -pl proxy-engine -am -DskipTests package
# A large young generation keeps minor GCs rare (they are the p99 tail at this load).
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn600m -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
# A JVM pinned to one core shares it with its JIT compiler: give it 30 s before measuring.
CANDIDATE_CMD="java $JAVA_OPTS -jar proxy-engine/target/gatehouse-engine.jar run -c bench/peer.yaml" \
CANDIDATE_PORT=18083 ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-10} WARMUP=${WARMUP:-30} bash "$SHARED"
