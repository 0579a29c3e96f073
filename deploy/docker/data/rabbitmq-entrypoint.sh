#!/bin/bash
# The manifests are written for RabbitMQ 4.1, which reads RABBITMQ_DEFAULT_USER/PASS itself and
# knows `default_queue_type`. 3.10 does neither and refuses unknown keys, so the mounted
# rabbitmq.conf is copied to /tmp without that key (the services declare every queue with
# x-queue-type=quorum themselves) and the default user is added as config. 3.10 also writes
# an upgrade log file even when `log.file = false`; the root filesystem is read-only, so its
# folder is below /tmp (an emptyDir).
set -euo pipefail
conf=/tmp/rabbitmq.conf
if [ -f /etc/rabbitmq/rabbitmq.conf ]; then
  grep -v '^[[:space:]]*default_queue_type[[:space:]]*=' /etc/rabbitmq/rabbitmq.conf >"$conf"
else
  : >"$conf"
fi
if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then
  printf 'default_user = %s\ndefault_pass = %s\n' "$RABBITMQ_DEFAULT_USER" "${RABBITMQ_DEFAULT_PASS:?}" >>"$conf"
fi
export RABBITMQ_CONFIG_FILE=$conf RABBITMQ_LOG_BASE=/tmp/rabbitmq-log
[ -f /etc/rabbitmq/enabled_plugins ] && export RABBITMQ_ENABLED_PLUGINS_FILE=/etc/rabbitmq/enabled_plugins
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
