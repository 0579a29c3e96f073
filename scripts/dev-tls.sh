#!/usr/bin/env bash
# Makes a self-signed certificate and key for running the gateway over HTTPS in development.
#
#   scripts/dev-tls.sh [DIR]     writes DIR/gateway.crt and DIR/gateway.key (default services/gateway/.dev-tls)
#
# Then: TLS_CERT_FILE=DIR/gateway.crt TLS_KEY_FILE=DIR/gateway.key npm start -w @emporium/gateway
# The certificate names localhost and 127.0.0.1 and lasts 30 days; browsers will still warn
# because nobody vouches for it. Never use it outside your machine.
set -euo pipefail

DIR=${1:-services/gateway/.dev-tls}
mkdir -p "$DIR"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$DIR/gateway.key" -out "$DIR/gateway.crt" -days 30 \
  -subj '/CN=localhost' \
  -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' \
  -addext 'keyUsage=digitalSignature' -addext 'extendedKeyUsage=serverAuth' 2>/dev/null
chmod 600 "$DIR/gateway.key"
echo "TLS_CERT_FILE=$DIR/gateway.crt"
echo "TLS_KEY_FILE=$DIR/gateway.key"
