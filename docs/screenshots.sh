#!/usr/bin/env bash
# Renders the workbench's main views into docs/workbench-*.png: the real window under Xvfb, in demo
# mode (lab 2, TLS and JWT, on the embedded engine, all ports ephemeral) with the traffic generator running,
# one more pass in the dark theme, and the views that labs 3 and resilience show best. Needs xvfb and libgtk-3-0 (apt-get install xvfb libgtk-3-0).
set -euo pipefail
cd "$(dirname "$0")/.."

jar=app/target/gatehouse-workbench.jar
if [ ! -f "$jar" ]; then
  ./mvnw -B -ntp -DskipTests package
fi
if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run not found: apt-get install xvfb libgtk-3-0" >&2
  exit 1
fi

# A throw-away preferences directory: recent files, theme and last lab of the user are left alone.
prefs=$(mktemp -d)
trap 'rm -rf "$prefs"' EXIT
run() { # lab, then options
  local lab=$1; shift
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    java -Dprism.order=sw -Djava.util.prefs.userRoot="$prefs" -jar "$jar" \
      --config "sample-configs/$lab" --ephemeral-ports --rate 40 --screenshot docs "$@"
}
run lab2-secure-edge.yaml --theme light
run lab2-secure-edge.yaml --theme dark --only "Live traces"
# Views that another lab shows better: buckets draining under lab 3, an ejected host in the resilience lab.
run lab3-traffic-cop.yaml --theme light --only "Token buckets"
run lab-resilience.yaml --theme light --only "Topology"
ls -l docs/workbench-*.png
