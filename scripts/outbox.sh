#!/usr/bin/env bash
# inventory-consumer's outbox: list | requeue <id> | requeue-dead (admin token). --help for more.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-cli io.txorders.cli.TxordersCli outbox "$@"
