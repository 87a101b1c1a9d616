#!/usr/bin/env bash
# Runs one of the operations tools (ops-tools module) by main class, building it first when it is missing or
# older than its sources.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
main="$1"
shift
if [[ ! -f ops-tools/target/tools.classpath ]] \
   || [[ -n "$(find ops-tools/src messaging/src devstack/src devstack-rocketmq/src -newer ops-tools/target/tools.classpath -type f -print -quit)" ]]; then
  echo "ops-tools: building (./mvnw -pl ops-tools -am package -DskipTests) …" >&2
  ./mvnw -B -q -DskipTests -pl ops-tools -am package >&2
fi
classpath="$(ls ops-tools/target/ops-tools-*.jar | grep -v -- '-sources' | head -n 1):$(cat ops-tools/target/tools.classpath)"
exec java -Dtxorders.repo="$repo" -Dlogback.configurationFile=ops-tools-logback.xml -cp "$classpath" "$main" "$@"
