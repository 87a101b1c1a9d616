#!/usr/bin/env bash
# Replays a consumer group from a point in time (RocketMQ offset reset; the inbox skips what was applied).
# --help for options. Exit code: 0 caught up, 1 not caught up in time, 2 usage, connection or token errors.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-cli io.txorders.cli.TxordersCli replay "$@"
