#!/bin/sh
# FerretDB 1.x checks SCRAM logins only with its new authentication, and creates one user at
# start: the product service's (user "product", PRODUCT_DB_PASSWORD), the one the MongoDB
# init script would make.
set -eu
exec ferretdb --listen-addr=:27017 --handler=sqlite --sqlite-url=file:/data/db/ \
  --state-dir=/data/db --telemetry=disable --debug-addr=127.0.0.1:8088 --log-level=warn \
  --test-enable-new-auth --setup-database=admin --setup-username=product \
  --setup-password="${PRODUCT_DB_PASSWORD:?}" "$@"
