#!/usr/bin/env bash
# `npm run test:deploy`, on the cluster of `npm run cluster:up`: every overlay through the API
# server's own validation, the local overlay deployed and ready, then the shopper journey, the
# disruptions and the blue-green switch and rollback of scripts/cluster/deploy-test.ts through
# the cluster's gateway. IMAGE_TAG (default: the commit's short hash) names the images
# images:build made and cluster:up loaded; the blue-green switch's "next release" is the same
# images tagged <IMAGE_TAG>-b in containerd (scripts/cluster/tag-release.sh).
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

tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)}
timed "server-side validation of every overlay" bash scripts/cluster/validate-server-side.sh
timed "deploy overlays/local and wait until ready" bash scripts/cluster/deploy-local.sh
timed "tag the images again as the next release" bash scripts/cluster/tag-release.sh "$tag" "$tag-b"
timed "journey, disruptions, blue-green (deploy-test.ts)" \
  env RELEASE_TAG="$tag" NEXT_RELEASE_TAG="$tag-b" npx tsx scripts/cluster/deploy-test.ts
echo
printf '%s\n' "${timings[@]}"
printf '%-52s %6d s\n' "test:deploy" $((SECONDS - started))
