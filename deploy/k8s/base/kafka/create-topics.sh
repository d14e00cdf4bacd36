#!/bin/bash
# Creates every topic in topics.txt with its partitions, the replication factor, min.insync.replicas and
# retention from the environment, and checks the ones that already exist. Safe to run again.
# Runs in the apache/kafka image (deploy/compose.yaml service kafka-init, k8s Job renda-topic-init).
set -euo pipefail
: "${KAFKA_BOOTSTRAP:?}" "${TOPIC_REPLICATION_FACTOR:?}" "${TOPIC_MIN_INSYNC_REPLICAS:?}" "${TOPIC_RETENTION_MS:?}"
TOPICS_FILE="${TOPICS_FILE:-/etc/renda/topics.txt}"
BIN=/opt/kafka/bin
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256m}"

until "$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --list >/dev/null 2>&1; do
  echo "waiting for the brokers at $KAFKA_BOOTSTRAP"
  sleep 3
done

failed=0
while read -r topic partitions <&3; do
  case "$topic" in ''|'#'*) continue ;; esac
  "$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$TOPIC_REPLICATION_FACTOR" \
    --config "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS" --config "retention.ms=$TOPIC_RETENTION_MS"
  # A topic a platform process created before this ran has the broker's defaults: set ours on it too.
  "$BIN/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --alter --entity-type topics --entity-name "$topic" \
    --add-config "min.insync.replicas=$TOPIC_MIN_INSYNC_REPLICAS,retention.ms=$TOPIC_RETENTION_MS"
  # Partitions cannot shrink, and growing them moves keys to other partitions (per-aggregate order):
  # a mismatch is for an operator to decide, never fixed here.
  summary=$("$BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --describe --topic "$topic" | head -n 1)
  have_partitions=$(sed -n 's/.*PartitionCount: *\([0-9]*\).*/\1/p' <<<"$summary")
  have_replication=$(sed -n 's/.*ReplicationFactor: *\([0-9]*\).*/\1/p' <<<"$summary")
  if [ "$have_partitions" != "$partitions" ] || [ "$have_replication" != "$TOPIC_REPLICATION_FACTOR" ]; then
    echo "MISMATCH $topic: $have_partitions partitions (want $partitions), replication $have_replication (want $TOPIC_REPLICATION_FACTOR)"
    failed=1
  fi
done 3<"$TOPICS_FILE"
exit "$failed"
