#!/usr/bin/env bash
# Benchmarks with their baselines, in one run on this machine: scripts/bench.sh [--quick] [--duration S]
# [--concurrency 1,4,16,32]. Writes target/bench/result.json. --help for more. Not part of ./mvnw verify.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-lab io.txorders.lab.bench.Benchmark "$@"
