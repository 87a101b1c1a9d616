#!/usr/bin/env bash
# Benchmarks with their baselines, in one run on this machine: scripts/bench.sh [--quick] [--duration S]
# [--concurrency 1,4,16,32]. Writes target/bench/result.json. --help for more. Not part of ./mvnw verify.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ ! -f "$repo/order-producer/target/order-producer-exec.jar" ]]; then
  echo "bench: building the services (./mvnw -DskipTests package) …" >&2
  (cd "$repo" && ./mvnw -B -q -DskipTests package >&2)
fi
exec "$repo/scripts/lib/ops-tool.sh" txorders-lab io.txorders.lab.bench.Benchmark "$@"
