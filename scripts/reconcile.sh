#!/usr/bin/env bash
# Reconciliation report across order_db, inventory_db and points_db (read-only). --help for options.
# Exit code: 0 clean, 1 discrepancies, 2 usage or connection errors.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
if [[ ! -f ops-tools/target/tools.classpath ]] || [[ -n "$(find ops-tools/src messaging/src -newer ops-tools/target/tools.classpath -type f -print -quit)" ]]; then
  echo "reconcile: building the tools (./mvnw -pl ops-tools -am package) …" >&2
  ./mvnw -B -q -DskipTests -pl ops-tools -am package >&2
fi
classpath="$(ls ops-tools/target/ops-tools-*.jar | head -n 1):$(cat ops-tools/target/tools.classpath)"
exec java -cp "$classpath" io.txorders.ops.ReconcileCommand "$@"
