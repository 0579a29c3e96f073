#!/bin/bash
# First start on an empty PGDATA: initdb with POSTGRES_PASSWORD. Then, on every start, the init
# scripts against a server that listens on its socket only (nobody connects before they
# finish): the deployment's scripts create only what is missing, so a database made before a
# service existed gets that service's role and database. Then PostgreSQL in the foreground on
# every interface with password logins.
set -euo pipefail
: "${POSTGRES_USER:=postgres}"
export POSTGRES_USER PGDATA
socket_dir=/var/run/postgresql

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "POSTGRES_PASSWORD is not set" >&2; exit 1; }
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 -D "$PGDATA"
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
fi

pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -c unix_socket_directories=$socket_dir" start
for file in /docker-entrypoint-initdb.d/*; do
  # shellcheck disable=SC1090 # the init scripts are the deployment's, not this image's
  case "$file" in
    *.sh) echo "running $file"; if [ -x "$file" ]; then "$file"; else (. "$file"); fi ;;
    *.sql) echo "running $file"; psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -f "$file" ;;
    *) ;;
  esac
done
pg_ctl -D "$PGDATA" -w -m fast stop

exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories="$socket_dir"
