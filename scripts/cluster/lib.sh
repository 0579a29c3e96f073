# shellcheck shell=bash
# Helpers shared by the cluster scripts: background processes with pid files (this machine has
# no systemd), and waiting for them to become usable.
# shellcheck source=scripts/cluster/versions.sh
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"

log() { echo "[cluster] $*"; }
fail() { echo "[cluster] FAILED: $*" >&2; exit 1; }

# start_daemon NAME COMMAND...: runs it in the background, its output in logs/NAME.log.
start_daemon() {
  local name=$1; shift
  local pidfile="$CLUSTER_DIR/run/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    log "$name already running (pid $(cat "$pidfile"))"
    return 0
  fi
  mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/logs"
  # setsid: its own session, so the caller's exit or Ctrl-C does not take it down.
  setsid "$@" >>"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

stop_daemon() {
  local name=$1 pidfile="$CLUSTER_DIR/run/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
}

# wait_until SECONDS WHAT COMMAND...: retries COMMAND each half second.
wait_until() {
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "$what not ready after $limit s (logs: $CLUSTER_DIR/logs)"
    sleep 0.5
  done
}

kubectl_admin() { "$K8S_BIN/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }
