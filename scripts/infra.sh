#!/usr/bin/env bash
# Installs (idempotently) and runs the real infrastructure Emporium's distributed mode and its tests
# need, on loopback only: PostgreSQL, Redis, RabbitMQ (Debian packages), FerretDB (a MongoDB
# wire-protocol server, built from the Go module proxy), stripe-mock (same) and versitygw (an
# S3-compatible object store over a directory, same; product media on S3 is tested against it).
#
#   scripts/infra.sh up|down|status        everything
#   scripts/infra.sh start|stop NAME       one server: postgres redis rabbitmq rabbitmq-chaos ferretdb stripe-mock versitygw
#   scripts/infra.sh env                   the connection variables, in shell syntax
#   scripts/infra.sh vhost add|delete NAME a RabbitMQ virtual host on both brokers (one per test run)
#
# Runs as root on Debian 12. State lives under $EMPORIUM_INFRA_DIR (default /var/lib/emporium-infra).
set -euo pipefail

INFRA_DIR=${EMPORIUM_INFRA_DIR:-/var/lib/emporium-infra}
PG_PORT=${EMPORIUM_PG_PORT:-5432}
REDIS_PORT=${EMPORIUM_REDIS_PORT:-6379}
AMQP_PORT=${EMPORIUM_AMQP_PORT:-5672}
CHAOS_AMQP_PORT=${EMPORIUM_CHAOS_AMQP_PORT:-5673}
MONGO_PORT=${EMPORIUM_MONGO_PORT:-27017}
STRIPE_PORT=${EMPORIUM_STRIPE_PORT:-12111}
S3_PORT=${EMPORIUM_S3_PORT:-7480}
VERSITYGW_VERSION=v1.8.0
FERRETDB_VERSION=v1.24.2
GOBIN_DIR=${GOBIN:-$(command -v go >/dev/null 2>&1 && go env GOPATH || echo /root/go)/bin}
SERVICE_DATABASES=(auth user product order payment notification pricing)

log() { printf '[infra] %s\n' "$*" >&2; }
fail() {
  printf '[infra] FAILED: %s\n[infra] fix: %s\n' "$1" "$2" >&2
  exit 1
}

# Times one step and names it if it fails.
step() {
  local name=$1
  shift
  local started=$SECONDS
  "$@" || fail "$name" "see the output above; re-run 'npm run infra:up' once the cause is fixed"
  log "$name ok ($((SECONDS - started)) s)"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 what=$2 tries=${3:-60}
  for ((i = 0; i < tries * 4; i++)); do
    port_open "$port" && return 0
    sleep 0.25
  done
  fail "$what did not open 127.0.0.1:$port" "read the log under $INFRA_DIR/logs"
}

apt_updated=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || fail "installing ${missing[*]}" "run as root, or install them with apt-get yourself"
  if [ $apt_updated -eq 0 ]; then
    apt-get update -qq || fail "apt-get update" "check that Debian's package mirror is reachable"
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]}" "run it by hand to see the error"
}

go_install() {
  local binary=$1 module=$2
  [ -x "$GOBIN_DIR/$binary" ] && return 0
  command -v go >/dev/null 2>&1 || fail "building $binary" "install Go (1.22 or newer) and put it on PATH"
  log "building $binary from $module (first run only; takes a few minutes)"
  GOBIN=$GOBIN_DIR go install "$module" || fail "go install $module" "check that the Go module proxy is reachable"
}

# --- PostgreSQL ------------------------------------------------------------------------------
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

start_postgres() {
  port_open "$PG_PORT" || start_postgres_server
  ensure_postgres_roles
}

start_postgres_server() {
  apt_install postgresql
  local bin data=$INFRA_DIR/postgres
  bin=$(pg_bin)
  mkdir -p "$INFRA_DIR/logs"
  chown postgres:postgres "$INFRA_DIR/logs"
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data" && chown postgres:postgres "$data"
    runuser -u postgres -- "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$data'
max_connections = 400
shared_buffers = 256MB
EOF
    # Local development and CI only: password auth over loopback, nothing else reachable.
    printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$data/pg_hba.conf"
  fi
  runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$INFRA_DIR/logs/postgres.log" -w start >/dev/null
}

# Idempotent, so a cluster started by an older version of this script gets the same grants.
ensure_postgres_roles() {
  local data=$INFRA_DIR/postgres
  local psql=("$(pg_bin)/psql" -h "$data" -p "$PG_PORT" -U postgres -qAt) db
  "${psql[@]}" -c "select 1 from pg_roles where rolname='emporium'" | grep -q 1 ||
    "${psql[@]}" -c "create role emporium login createdb password 'emporium'"
  # Tests drop their databases `with (force)`, which must also end an autovacuum worker busy there.
  "${psql[@]}" -c "grant pg_signal_backend to emporium" >/dev/null
  for db in "${SERVICE_DATABASES[@]}" ferretdb; do
    "${psql[@]}" -c "select 1 from pg_database where datname='emporium_$db'" | grep -q 1 ||
      "${psql[@]}" -c "create database emporium_$db owner emporium"
  done
}

stop_postgres() {
  local data=$INFRA_DIR/postgres
  [ -s "$data/postmaster.pid" ] || return 0
  runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
}

# --- Redis -----------------------------------------------------------------------------------
start_redis() {
  port_open "$REDIS_PORT" && return 0
  apt_install redis-server
  mkdir -p "$INFRA_DIR/redis" "$INFRA_DIR/logs"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$INFRA_DIR/redis" \
    --pidfile "$INFRA_DIR/redis/redis.pid" --logfile "$INFRA_DIR/logs/redis.log" --save '' --appendonly no
  wait_for_port "$REDIS_PORT" redis
}

stop_redis() {
  port_open "$REDIS_PORT" || return 0
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
}

# --- RabbitMQ --------------------------------------------------------------------------------
# Two nodes: `rabbitmq` serves the services and the main test suite; `rabbitmq-chaos` is the one
# disruptive tests stop and restart, so they never pull the broker from under anybody else.
# Each keeps its data under $INFRA_DIR/<node>, never in Debian's default folders, so a node this
# script starts is always one it can inspect, recover and wipe.
# The broker shares the machine's cores with the services and databases: its schedulers must not
# spin while they wait for work (Erlang's default busy waiting burns CPU the other processes need;
# RabbitMQ's runtime tuning guide suggests turning it off on hosts shared with other services).
RABBITMQ_ERL_TUNING='+sbwt none +sbwtdcpu none +sbwtdio none'

rabbitmq_run() {
  local node=$1 port=$2 base=$INFRA_DIR/$1
  shift 2
  env ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT=$((port + 20000)) RABBITMQ_CONFIG_FILE="$base/rabbitmq" \
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1} $RABBITMQ_ERL_TUNING" \
    RABBITMQ_MNESIA_BASE="$base/mnesia" RABBITMQ_LOG_BASE="$base/log" RABBITMQ_PID_FILE="$base/pid" \
    RABBITMQ_NODENAME="$node@localhost" "$@"
}

# Kills the processes behind a node's AMQP and distribution ports: a wedged node that ignores
# `rabbitmqctl stop`, or one started by an older version of this script under another name.
kill_listeners() {
  local pids=() pid port
  for port in "$@"; do
    while read -r pid; do [ -n "$pid" ] && pids+=("$pid"); done < <(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2)
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "${pids[@]}" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
  sleep 1
}

# The AMQP port opens before the broker has recovered its queues; ready means the app runs.
rabbitmq_ready() {
  local node=$1 port=$2 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    rabbitmq_run "$node" "$port" timeout 15 rabbitmq-diagnostics -q check_running >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

start_rabbitmq_node() {
  local node=$1 port=$2
  if ! port_open "$port"; then
    apt_install rabbitmq-server
    mkdir -p "$INFRA_DIR/$node"
    printf 'loopback_users = none\n' >"$INFRA_DIR/$node/rabbitmq.conf"
    chown -R rabbitmq:rabbitmq "$INFRA_DIR/$node"
    # A node that closed its AMQP port but still holds the distribution port blocks a new start.
    kill_listeners $((port + 20000))
    rabbitmq_run "$node" "$port" rabbitmq-server -detached >/dev/null 2>&1 || true
    wait_for_port "$port" "$node" 120
  fi
  rabbitmq_ready "$node" "$port" 120 && return 0
  # A node that never finishes booting (seen after thousands of leftover test queues, or an
  # interrupted vhost deletion) only holds test and development messages: start it afresh.
  log "$node opened its port but never became ready; wiping its data in $INFRA_DIR/$node and restarting"
  stop_rabbitmq_node "$node" "$port"
  kill_listeners "$port" $((port + 20000))
  rm -rf "$INFRA_DIR/$node/mnesia"
  rabbitmq_run "$node" "$port" rabbitmq-server -detached >/dev/null 2>&1 || true
  wait_for_port "$port" "$node" 120
  rabbitmq_ready "$node" "$port" 120 ||
    fail "$node did not become ready after a fresh start" "read the logs in $INFRA_DIR/$node/log"
}

stop_rabbitmq_node() {
  local node=$1 port=$2
  port_open "$port" || return 0
  rabbitmq_run "$node" "$port" rabbitmqctl stop >/dev/null 2>&1 || true
  for ((i = 0; i < 120; i++)); do port_open "$port" || return 0; sleep 0.25; done
}

# Test runs and benchmarks each get a vhost named test-<epoch ms> / bench-<epoch ms>
# (scripts/broker-vhost.ts) deleted at the end; a run that was killed leaves its vhost behind.
# Vhosts older than two hours belong to no live run.
prune_test_vhosts() {
  local node=$1 port=$2 cutoff=$((($(date +%s) - 7200) * 1000))
  local vhost
  for vhost in $(rabbitmq_run "$node" "$port" rabbitmqctl -q list_vhosts name 2>/dev/null | grep -E '^(test|bench)-[0-9]+$' || true); do
    if [ "${vhost#*-}" -lt "$cutoff" ]; then
      rabbitmq_run "$node" "$port" timeout 120 rabbitmqctl delete_vhost "$vhost" >/dev/null 2>&1 || true
    fi
  done
}

start_rabbitmq() {
  start_rabbitmq_node rabbitmq "$AMQP_PORT"
  prune_test_vhosts rabbitmq "$AMQP_PORT"
}
stop_rabbitmq() { stop_rabbitmq_node rabbitmq "$AMQP_PORT"; }
start_rabbitmq_chaos() {
  start_rabbitmq_node rabbitmq-chaos "$CHAOS_AMQP_PORT"
  prune_test_vhosts rabbitmq-chaos "$CHAOS_AMQP_PORT"
}
stop_rabbitmq_chaos() { stop_rabbitmq_node rabbitmq-chaos "$CHAOS_AMQP_PORT"; }

# --- FerretDB (MongoDB wire protocol over PostgreSQL) ----------------------------------------
# `go install` of FerretDB 1.x builds a binary that panics at start: its module zip lacks the
# generated build/version/version.txt. So: fetch the module, add that file, build from the copy.
build_ferretdb() {
  [ -x "$GOBIN_DIR/ferretdb" ] && "$GOBIN_DIR/ferretdb" --version >/dev/null 2>&1 && return 0
  command -v go >/dev/null 2>&1 || fail "building ferretdb" "install Go (1.22 or newer) and put it on PATH"
  log "building ferretdb $FERRETDB_VERSION (first run only; takes a few minutes)"
  local src work
  src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
    sed -n 's/.*"Dir": "\(.*\)",/\1/p') || true
  [ -d "$src" ] || fail "downloading the FerretDB module" "check that the Go module proxy is reachable"
  work=$(mktemp -d)
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  (cd "$work" && go build -o "$GOBIN_DIR/ferretdb" ./cmd/ferretdb) ||
    fail "go build ferretdb" "run the build by hand in $work to see the error"
  rm -rf "$work"
}

start_ferretdb() {
  port_open "$MONGO_PORT" && return 0
  start_postgres
  build_ferretdb
  mkdir -p "$INFRA_DIR/ferretdb" "$INFRA_DIR/logs"
  nohup "$GOBIN_DIR/ferretdb" --listen-addr="127.0.0.1:$MONGO_PORT" --handler=postgresql \
    --postgresql-url="postgres://emporium:emporium@127.0.0.1:$PG_PORT/emporium_ferretdb" \
    --state-dir="$INFRA_DIR/ferretdb" --telemetry=disable --debug-addr=- --log-level=warn \
    >>"$INFRA_DIR/logs/ferretdb.log" 2>&1 &
  echo $! >"$INFRA_DIR/ferretdb/ferretdb.pid"
  wait_for_port "$MONGO_PORT" ferretdb
}

stop_pidfile() {
  local pidfile=$1
  [ -f "$pidfile" ] || return 0
  kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

stop_ferretdb() { stop_pidfile "$INFRA_DIR/ferretdb/ferretdb.pid"; }

# --- stripe-mock -----------------------------------------------------------------------------
start_stripe_mock() {
  port_open "$STRIPE_PORT" && return 0
  go_install stripe-mock github.com/stripe/stripe-mock@latest
  mkdir -p "$INFRA_DIR/stripe-mock" "$INFRA_DIR/logs"
  nohup "$GOBIN_DIR/stripe-mock" -http-addr "127.0.0.1:$STRIPE_PORT" \
    >>"$INFRA_DIR/logs/stripe-mock.log" 2>&1 &
  echo $! >"$INFRA_DIR/stripe-mock/stripe-mock.pid"
  wait_for_port "$STRIPE_PORT" stripe-mock
}

stop_stripe_mock() { stop_pidfile "$INFRA_DIR/stripe-mock/stripe-mock.pid"; }

# --- versitygw (S3 over a directory) -----------------------------------------------------------
start_versitygw() {
  port_open "$S3_PORT" && return 0
  go_install versitygw "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  mkdir -p "$INFRA_DIR/versitygw/data" "$INFRA_DIR/logs"
  # Loopback-only test credentials, the same on every machine (see print_env).
  nohup "$GOBIN_DIR/versitygw" --port "127.0.0.1:$S3_PORT" --access emporium --secret emporium-s3-secret \
    posix "$INFRA_DIR/versitygw/data" >>"$INFRA_DIR/logs/versitygw.log" 2>&1 &
  echo $! >"$INFRA_DIR/versitygw/versitygw.pid"
  wait_for_port "$S3_PORT" versitygw
}

stop_versitygw() { stop_pidfile "$INFRA_DIR/versitygw/versitygw.pid"; }

# --- commands --------------------------------------------------------------------------------
print_env() {
  cat <<EOF
POSTGRES_URL=postgres://emporium:emporium@127.0.0.1:$PG_PORT
REDIS_URL=redis://127.0.0.1:$REDIS_PORT
AMQP_URL=amqp://guest:guest@127.0.0.1:$AMQP_PORT
CHAOS_AMQP_URL=amqp://guest:guest@127.0.0.1:$CHAOS_AMQP_PORT
MONGODB_URL=mongodb://127.0.0.1:$MONGO_PORT
STRIPE_API_BASE=http://127.0.0.1:$STRIPE_PORT
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
EOF
}

status() {
  local all_up=0
  for pair in postgres:$PG_PORT redis:$REDIS_PORT rabbitmq:$AMQP_PORT rabbitmq-chaos:$CHAOS_AMQP_PORT ferretdb:$MONGO_PORT stripe-mock:$STRIPE_PORT versitygw:$S3_PORT; do
    if port_open "${pair#*:}"; then
      printf '%-15s up    127.0.0.1:%s\n' "${pair%%:*}" "${pair#*:}"
    else
      printf '%-15s down  127.0.0.1:%s\n' "${pair%%:*}" "${pair#*:}"
      all_up=1
    fi
  done
  return $all_up
}

start_one() {
  case $1 in
  postgres) step postgres start_postgres ;;
  redis) step redis start_redis ;;
  rabbitmq) step rabbitmq start_rabbitmq ;;
  rabbitmq-chaos) step rabbitmq-chaos start_rabbitmq_chaos ;;
  ferretdb) step ferretdb start_ferretdb ;;
  stripe-mock) step stripe-mock start_stripe_mock ;;
  versitygw) step versitygw start_versitygw ;;
  *) fail "unknown server '$1'" "use one of: postgres redis rabbitmq rabbitmq-chaos ferretdb stripe-mock versitygw" ;;
  esac
}

stop_one() {
  case $1 in
  postgres) stop_postgres ;;
  redis) stop_redis ;;
  rabbitmq) stop_rabbitmq ;;
  rabbitmq-chaos) stop_rabbitmq_chaos ;;
  ferretdb) stop_ferretdb ;;
  stripe-mock) stop_stripe_mock ;;
  versitygw) stop_versitygw ;;
  *) fail "unknown server '$1'" "use one of: postgres redis rabbitmq rabbitmq-chaos ferretdb stripe-mock versitygw" ;;
  esac
}

case ${1:-} in
up)
  up_started=$SECONDS
  # Not a server: the browser the web app's end-to-end tests drive.
  step chromium apt_install chromium
  for server in postgres redis rabbitmq rabbitmq-chaos ferretdb stripe-mock versitygw; do start_one "$server"; done
  log "all up in $((SECONDS - up_started)) s; connection settings:"
  print_env
  ;;
down)
  for server in versitygw stripe-mock ferretdb rabbitmq-chaos rabbitmq redis postgres; do stop_one "$server"; done
  log "all stopped"
  ;;
vhost)
  # A virtual host per test run on both brokers: everything a run declares goes when it ends.
  action=${2:?add or delete}
  name=${3:?name a vhost}
  for node in "rabbitmq $AMQP_PORT" "rabbitmq-chaos $CHAOS_AMQP_PORT"; do
    if [ "$action" = add ]; then
      rabbitmq_run "${node% *}" "${node#* }" rabbitmqctl add_vhost "$name" >/dev/null
      rabbitmq_run "${node% *}" "${node#* }" rabbitmqctl set_permissions -p "$name" guest '.*' '.*' '.*' >/dev/null
    else
      rabbitmq_run "${node% *}" "${node#* }" rabbitmqctl delete_vhost "$name" >/dev/null 2>&1 || true
    fi
  done
  ;;
start) start_one "${2:?name a server}" ;;
stop) stop_one "${2:?name a server}" ;;
status) status ;;
env) print_env ;;
*)
  echo "usage: $0 up|down|status|env|start NAME|stop NAME" >&2
  exit 2
  ;;
esac
