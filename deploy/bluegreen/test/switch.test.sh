#!/usr/bin/env bash
# Runs the real switch.sh and rollback.sh against a fake cluster (test/kubectl, test/curl) and
# checks where traffic ends up after each release, failed gate and rollback.
#   KUSTOMIZE=/path/to/kustomize deploy/bluegreen/test/switch.test.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bluegreen=$(dirname "$here")
export FAKE_CLUSTER
FAKE_CLUSTER=$(mktemp -d)
trap 'rm -rf "$FAKE_CLUSTER"' EXIT
export PATH="$here:$PATH" KUSTOMIZE=${KUSTOMIZE:-kustomize}
export GATE_INTERVAL=0.05 GATE_ATTEMPTS=10 IMAGE_PREFIX=registry.example.test/shop/
passed=0 failed=0

expect() { # expect NAME ACTUAL WANTED
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
    echo "ok   $1"
  else
    failed=$((failed + 1))
    echo "FAIL $1: got '$2', want '$3'"
  fi
}
live() { cat "$FAKE_CLUSTER/service-gateway.colour" 2>/dev/null; }
web_live() { cat "$FAKE_CLUSTER/service-web.colour" 2>/dev/null; }
image() { cat "$FAKE_CLUSTER/deployment-$1.image" 2>/dev/null; }
run() { "$@" >>"$FAKE_CLUSTER/output.log" 2>&1 && echo 0 || echo 1; }

expect "first release exits 0" "$(run "$bluegreen/switch.sh" v1)" 0
expect "first release goes live as blue" "$(live)/$(web_live)" blue/blue
expect "blue runs the pushed image" "$(image gateway-blue)" registry.example.test/shop/emporium/gateway:v1

expect "second release exits 0" "$(run "$bluegreen/switch.sh" v2)" 0
expect "second release goes live as green" "$(live)/$(web_live)" green/green
expect "blue (v1) is kept" "$(image order-blue)" registry.example.test/shop/emporium/order:v1
expect "green runs v2" "$(image order-green)" registry.example.test/shop/emporium/order:v2

expect "rollback exits 0" "$(run "$bluegreen/rollback.sh")" 0
expect "rollback returns traffic to blue" "$(live)/$(web_live)" blue/blue

export FAKE_UNREADY=green
expect "a release that never gets ready exits non-zero" "$(run "$bluegreen/switch.sh" v3)" 1
expect "and traffic never leaves blue" "$(live)/$(web_live)" blue/blue
expect "rollback onto the unready colour is refused" "$(run "$bluegreen/rollback.sh")" 1
expect "and traffic stays on blue" "$(live)" blue
unset FAKE_UNREADY

export FAKE_PUBLIC_BROKEN=1
expect "a switch whose public check fails exits non-zero" "$(run "$bluegreen/switch.sh" v4)" 1
expect "and traffic is switched straight back to blue" "$(live)/$(web_live)" blue/blue
unset FAKE_PUBLIC_BROKEN

expect "a colour folder without blue/ and green/ is refused" \
  "$(OVERLAY_ROOT=overlays/dev run "$bluegreen/switch.sh" v5)" 1
expect "and traffic stays on blue" "$(live)" blue
expect "the local cluster's colours release" \
  "$(OVERLAY_ROOT=overlays/local-bluegreen IMAGE_PREFIX=localhost/ run "$bluegreen/switch.sh" v5)" 0
expect "and go live" "$(live)/$(web_live)" green/green
expect "with the local images" "$(image order-green)" localhost/emporium/order:v5

export FAKE_UNROUTED=blue
expect "a release whose gateway cannot reach its services exits non-zero" "$(run "$bluegreen/switch.sh" v6)" 1
expect "and traffic stays on green" "$(live)/$(web_live)" green/green
unset FAKE_UNROUTED

if [ "$failed" -gt 0 ]; then
  echo "--- output of the scripts ---"
  cat "$FAKE_CLUSTER/output.log"
fi
echo "blue-green scripts against a fake cluster: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
