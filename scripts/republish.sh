#!/usr/bin/env bash
# Republishes committed events the broker discarded (order-producer's admin API; admin token). --help for more.
# Exit code: 0 all republished, 1 any not, 2 usage, connection or token errors.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-cli io.txorders.cli.TxordersCli republish "$@"
