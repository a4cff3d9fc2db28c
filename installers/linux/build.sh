#!/usr/bin/env bash
# Packages Gatehouse for Linux with jpackage (JDK 17+): the workbench plus the headless engine as a
# second launcher, on a trimmed Java runtime, with the sample configs beside them.
#
#   installers/linux/build.sh              # app image: installers/target/gatehouse/bin/{gatehouse,gatehouse-engine}
#   installers/linux/build.sh deb          # .deb:      installers/target/gatehouse_<version>_amd64.deb (needs fakeroot, dpkg-dev)
#
# The window needs libgtk-3-0 on the target machine; the .deb declares it.
set -euo pipefail

type="${1:-app-image}"
case "$type" in
  app-image|deb) ;;
  *) echo "usage: $0 [app-image|deb]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/installers/target"
input="$out/input"
jar="$root/app/target/gatehouse-workbench.jar"

if [[ ! -f "$jar" ]]; then
  (cd "$root" && ./mvnw -B -ntp -q -DskipTests package)
fi

# jpackage wants a plain numeric version: 0.1.0-SNAPSHOT becomes 0.1.0.
version="$(sed -n 's:.*<version>\([0-9][0-9.]*\).*</version>.*:\1:p' "$root/pom.xml" | head -1)"

rm -rf "$out"
mkdir -p "$input"
cp "$jar" "$input/"
# Next to the jar, where the workbench looks for its labs when started from an installed image.
cp -r "$root/sample-configs" "$input/sample-configs"

# From `jdeps --print-module-deps` on the jar, plus what it reaches reflectively: EC keys for TLS,
# preferences for recent files, logging and management for the JDK's own loggers and JFR.
modules="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.prefs,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported,jdk.localedata"

cat > "$out/engine-launcher.properties" <<PROPS
main-class=dev.gatehouse.engine.cli.GatehouseCommand
java-options=-XX:+UseParallelGC
PROPS

args=(
  --type "$type"
  --name gatehouse
  --app-version "$version"
  --vendor "Gatehouse"
  --description "Gatehouse: an API gateway engine and its traffic-inspection workbench"
  --input "$input"
  --main-jar gatehouse-workbench.jar
  --main-class dev.gatehouse.app.Workbench
  --add-launcher "gatehouse-engine=$out/engine-launcher.properties"
  --add-modules "$modules"
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2"
  --dest "$out"
)
if [[ "$type" == deb ]]; then
  args+=(--linux-package-deps libgtk-3-0 --linux-shortcut --linux-menu-group Development --linux-app-category devel)
fi

jpackage "${args[@]}"
ls -la "$out"
