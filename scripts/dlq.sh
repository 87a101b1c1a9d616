#!/usr/bin/env bash
# Dead letters of the services: list | show <service>/<id> | resubmit <service>/<id> (admin token). --help for more.
set -euo pipefail
exec "$(dirname "$0")/lib/ops-tool.sh" txorders-cli io.txorders.cli.TxordersCli dlq "$@"
