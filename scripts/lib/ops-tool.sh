#!/usr/bin/env bash
# Runs a main class of one tools module on that module's class path, building the module first when it is missing
# or older than its sources:  ops-tool.sh <module> <main class> [args…]
#   txorders-cli  the production CLI (reconcile, replay, dlq, outbox): nothing embedded on its class path
#   txorders-lab  benchmark, check-back simulation, cluster scenario: devstack's embedded stack; they start the
#                 services from their jars, so the services are built first when a jar is missing or older than
#                 the main sources, migrations or POMs (a benchmark of a change must not measure the code before it)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
module="$1"
main="$2"
shift 2
case "$module" in
  txorders-cli) sources=(txorders-cli/src messaging/src) ;;
  txorders-lab) sources=(txorders-lab/src txorders-cli/src messaging/src devstack/src devstack-rocketmq/src) ;;
  *) echo "ops-tool.sh: unknown module $module (txorders-cli or txorders-lab)" >&2; exit 2 ;;
esac
source scripts/lib/stale-jars.sh
if [[ "$module" == txorders-lab ]] && jars_stale "${SERVICE_JARS[@]}"; then
  echo "$module: building the services (./mvnw -DskipTests package) …" >&2
  ./mvnw -B -q -DskipTests package >&2
fi
if [[ ! -f "$module/target/tools.classpath" ]] \
   || [[ -n "$(find "${sources[@]}" "$module/pom.xml" -newer "$module/target/tools.classpath" -type f -print -quit)" ]]; then
  echo "$module: building (./mvnw -pl $module -am package -DskipTests) …" >&2
  ./mvnw -B -q -DskipTests -pl "$module" -am package >&2
fi
classpath="$(ls "$module"/target/"$module"-*.jar | grep -v -- '-sources' | head -n 1):$(cat "$module/target/tools.classpath")"
exec java -Dtxorders.repo="$repo" -Dlogback.configurationFile=txorders-cli-logback.xml -cp "$classpath" "$main" "$@"
