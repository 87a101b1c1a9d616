#!/usr/bin/env bash
# Reconciliation report across order_db, inventory_db and points_db (read-only); --repair replays what a missed
# consumption explains. --help for options. Exit code: 0 clean, 1 discrepancies, 2 usage or connection errors.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-cli io.txorders.cli.TxordersCli reconcile "$@"
