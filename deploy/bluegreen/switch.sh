#!/usr/bin/env bash
# Blue-green release of every Emporium app in one step, with a health gate:
#   1. render <OVERLAY_ROOT>/<idle colour> with the new image tag and apply it beside the live one
#   2. wait for every Deployment of the idle colour to roll out
#   3. health gate: each app's idle-colour Service answers /health/ready, several times, and
#      the idle gateway reaches each idle service through its Service
#   4. switch the public Services (web, gateway) to the idle colour
#   5. check the public gateway answers; if not, switch straight back
# The old colour keeps running, untouched, so deploy/bluegreen/rollback.sh is instant.
# A failed step before 4 leaves the live colour serving as if nothing happened.
#
#   deploy/bluegreen/switch.sh <image-tag>
# Env: NAMESPACE (emporium), OVERLAY_ROOT (overlays/prod: the folder under deploy/k8s that holds
# blue/ and green/; the local cluster uses overlays/local-bluegreen), IMAGE_PREFIX (registry
# path before "emporium/", e.g. "registry.example.com/shop/"), KUSTOMIZE (kustomize),
# ROLLOUT_TIMEOUT, GATE_PASSES, GATE_ATTEMPTS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/bluegreen/lib.sh
. "$here/lib.sh"

tag=${1:-}
[ -n "$tag" ] || die "usage: $0 <image-tag>"
KUSTOMIZE=${KUSTOMIZE:-kustomize}
IMAGE_PREFIX=${IMAGE_PREFIX:-}
OVERLAY_ROOT=${OVERLAY_ROOT:-overlays/prod}
for colour in blue green; do
  [ -d "$here/../k8s/$OVERLAY_ROOT/$colour" ] || die "deploy/k8s/$OVERLAY_ROOT has no $colour/ overlay"
done

live=$(live_colour)
idle=$(other_colour "${live:-green}")  # first release ever: blue
log "live colour: ${live:-none}; deploying $tag as $idle ($OVERLAY_ROOT/$idle)"

# 1. Render in a scratch copy: `kustomize edit` rewrites kustomization.yaml, which must not
#    change in the checkout.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/../k8s" "$work/k8s"
(
  cd "$work/k8s/$OVERLAY_ROOT/$idle"
  for app in "${APPS[@]}"; do
    "$KUSTOMIZE" edit set image "emporium/$app=${IMAGE_PREFIX}emporium/$app:$tag"
  done
  "$KUSTOMIZE" build . >"$work/idle.yaml"
)
kc apply --server-side --field-manager=emporium-deploy -f "$work/idle.yaml" >&2

# 2 and 3. Nothing live has changed yet: on failure, stop and leave the idle colour for
# inspection (`kubectl -n $NAMESPACE get pods -l emporium.dev/colour=$idle`).
wait_for_rollout "$idle" || die "$idle did not roll out; live traffic stays on ${live:-nothing}"
health_gate "$idle" || die "$idle failed the health gate; live traffic stays on ${live:-nothing}"
service_path_gate "$idle" || die "$idle's gateway cannot reach its services; live traffic stays on ${live:-nothing}"

# 4. The switch itself: a selector change, picked up by kube-proxy and the ingress within
#    seconds; pods of both colours are ready meanwhile, so no request finds nothing behind it.
point_public_services_at "$idle" "${live:-none}"

# 5. Same gate once more, through the public Service: if it fails, traffic goes straight back.
if ! probe_ready gateway "${APP_PORT[gateway]}"; then
  if [ -n "$live" ]; then
    log "the public gateway Service is not ready on $idle: switching back to $live"
    point_public_services_at "$live" "$idle"
  fi
  die "switch to $idle did not pass the gate through the public Service"
fi
log "live colour is now $idle ($tag); $live keeps running for rollback: deploy/bluegreen/rollback.sh"
