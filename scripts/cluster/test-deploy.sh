#!/usr/bin/env bash
# `npm run test:deploy`, on the cluster of `npm run cluster:up`: every overlay through the API
# server's own validation, the local overlay deployed and ready, then the shopper journey and
# the disruptions of scripts/cluster/deploy-test.ts through the cluster's gateway.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

started=$SECONDS
timings=()
timed() {
  local name=$1 step_started=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%-52s %6d s' "$name" $((SECONDS - step_started)))")
}

timed "server-side validation of every overlay" bash scripts/cluster/validate-server-side.sh
timed "deploy overlays/local and wait until ready" bash scripts/cluster/deploy-local.sh
timed "journey and disruptions (deploy-test.ts)" npx tsx scripts/cluster/deploy-test.ts
echo
printf '%s\n' "${timings[@]}"
printf '%-52s %6d s\n' "test:deploy" $((SECONDS - started))
