#!/usr/bin/env bash
# Check-back simulation: commit-lost | crash-before-local-tx | slow-local-tx | kill-producer | storm [--count N].
# Prints a timeline and exits non-zero when the end state is wrong. --help for options.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-lab io.txorders.lab.checkback.CheckBackSimulation "$@"
