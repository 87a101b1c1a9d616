#!/usr/bin/env bash
# Runs the whole platform on this machine: embedded MariaDB + RocketMQ 5 and the three services.
# Builds what is missing or out of date first. Ctrl-C stops everything. --help for options.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

for arg in "$@"; do
  if [[ "$arg" == "--help" || "$arg" == "-h" ]]; then
    build_needed=false
  fi
done

source scripts/lib/stale-jars.sh
needs_build() {
  local jar
  # The launcher's class path listing is rewritten only when it changes, so its age says nothing: its jar does.
  [[ -f devstack/target/launcher.classpath ]] || return 0
  jar="$(ls devstack/target/devstack-*.jar 2>/dev/null | grep -v sources | head -n 1)"
  [[ -n "$jar" ]] || return 0
  jars_stale "$jar" "${SERVICE_JARS[@]}"
}

if [[ "${build_needed:-true}" == true ]] && needs_build; then
  echo "run-local: building (./mvnw -DskipTests package) …"
  ./mvnw -B -q -DskipTests package
fi

classpath="$(ls devstack/target/devstack-*.jar | grep -v sources | head -n 1):$(cat devstack/target/launcher.classpath)"
# The embedded broker and proxy live in this JVM: a broker under sustained load needs more than 256 MB of direct
# memory (seen in the cluster scenario: OutOfMemoryError on pops and end-transactions).
exec java -Xms128m -Xmx512m -XX:+UseSerialGC -XX:MaxDirectMemorySize=1g \
  -Dtxorders.repo="$repo" \
  -cp "$classpath" io.txorders.devstack.PlatformLauncher "$@"
