#!/bin/sh
# Creates what txorders needs on the cluster, idempotently: the topics with their message types (RocketMQ 5
# refuses a message whose type does not match), readable %DLQ% topics, the consumer groups and the dead-letter
# capture groups (100 redeliveries: a dead letter keeps its reconsume count). Names match
# messaging/.../Topic.java and ConsumerGroup.java (DeploymentConfigurationTest checks it).
set -e
cd /home/rocketmq/rocketmq-*/bin
N="${NAMESRV_ADDR:-namesrv:9876}"
C="${CLUSTER:-DefaultCluster}"
topic() { sh mqadmin updateTopic -n "$N" -c "$C" -t "$1" -r 4 -w 4 -p 6 -a "+message.type=$2"; }
group() { sh mqadmin updateSubGroup -n "$N" -c "$C" -g "$1" -r "$2"; }

topic order-events TRANSACTION
topic inventory-events NORMAL
topic order-timeouts DELAY
for g in inventory-consumer points-consumer order-producer order-producer-timeouts order-webhooks; do
  topic "%DLQ%$g" NORMAL
  group "$g" 16
  group "$g-dlq" 100
done
# The proxy runs in CLUSTER mode (proxy.json) and syncs client heartbeats through a broadcast topic it creates itself;
# its group is not auto-created here (autoCreateSubscriptionGroup=false), and without it the proxy logs an error
# every few seconds.
group CID_DefaultHeartBeatSyncerTopic 16
echo "txorders topics and groups ready"
