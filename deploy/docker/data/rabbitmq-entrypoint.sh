#!/bin/bash
# The manifests pass the application user as RABBITMQ_DEFAULT_USER/PASS, which the registry's
# image turns into config and Debian's server does not read. So the mounted rabbitmq.conf is
# copied to /tmp with the default user added. 3.10 also writes an upgrade log file even when
# `log.file = false`; the root filesystem is read-only, so its folder is below /tmp (an
# emptyDir).
set -euo pipefail
conf=/tmp/rabbitmq.conf
if [ -f /etc/rabbitmq/rabbitmq.conf ]; then
  cp /etc/rabbitmq/rabbitmq.conf "$conf"
else
  : >"$conf"
fi
if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then
  printf 'default_user = %s\ndefault_pass = %s\n' "$RABBITMQ_DEFAULT_USER" "${RABBITMQ_DEFAULT_PASS:?}" >>"$conf"
fi
export RABBITMQ_CONFIG_FILE=$conf RABBITMQ_LOG_BASE=/tmp/rabbitmq-log
[ -f /etc/rabbitmq/enabled_plugins ] && export RABBITMQ_ENABLED_PLUGINS_FILE=/etc/rabbitmq/enabled_plugins
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
