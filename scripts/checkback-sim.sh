#!/usr/bin/env bash
# Check-back simulation: commit-lost | crash-before-local-tx | slow-local-tx | kill-producer | storm [--count N].
# Prints a timeline and exits non-zero when the end state is wrong. --help for options.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ ! -f "$repo/order-producer/target/order-producer-exec.jar" ]]; then
  echo "checkback-sim: building the services (./mvnw -DskipTests package) …" >&2
  (cd "$repo" && ./mvnw -B -q -DskipTests package >&2)
fi
exec "$repo/scripts/lib/ops-tool.sh" txorders-lab io.txorders.lab.checkback.CheckBackSimulation "$@"
