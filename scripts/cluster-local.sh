#!/usr/bin/env bash
# The platform scaled out on this machine: a multi-process RocketMQ cluster (name server, broker-a, broker-b, a
# CLUSTER-mode proxy) from the Maven artifacts, MariaDB, and two instances of each service against them.
#   scripts/cluster-local.sh              run until Ctrl-C
#   scripts/cluster-local.sh --scenario   prove scale-out and failover, exit 0/1
#   scripts/cluster-local.sh --help
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ ! -f "$repo/order-producer/target/order-producer-exec.jar" ]] \
   || [[ -n "$(find "$repo"/*/src "$repo/sql" -newer "$repo/order-producer/target/order-producer-exec.jar" -type f -print -quit 2>/dev/null)" ]]; then
  echo "cluster-local: building the services (./mvnw -DskipTests package) …" >&2
  (cd "$repo" && ./mvnw -B -q -DskipTests package >&2)
fi
exec "$repo/scripts/lib/ops-tool.sh" txorders-lab io.txorders.lab.cluster.ClusterCommand "$@"
