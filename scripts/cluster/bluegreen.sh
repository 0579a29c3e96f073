#!/usr/bin/env bash
# deploy/bluegreen/switch.sh and rollback.sh against the cluster of `npm run cluster:up`: the two
# colours of deploy/k8s/overlays/local-bluegreen in emporium-dev, beside overlays/local's data
# stores, on the images `npm run images:build` made (localhost/emporium/<app>:<tag>). The public
# gateway Service, which the colours move between, is the one on NodePort 127.0.0.1:30080.
#   scripts/cluster/bluegreen.sh switch <tag>
#   scripts/cluster/bluegreen.sh rollback [blue|green]
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

# switch.sh needs kustomize itself (`kustomize edit`), which deploy/validate.sh builds once.
kustomize=$(find "$TOOLS_DIR/bin" -maxdepth 1 -name 'kustomize-v*' 2>/dev/null | sort -V | tail -n 1)
[ -n "$kustomize" ] || fail "no kustomize in $TOOLS_DIR/bin: run bash deploy/validate.sh once, it builds one"
export KUSTOMIZE=$kustomize KUBECONFIG=$KUBECONFIG_ADMIN PATH="$K8S_BIN:$PATH"
export NAMESPACE=emporium-dev OVERLAY_ROOT=overlays/local-bluegreen IMAGE_PREFIX=localhost/

case ${1:-} in
  switch) exec deploy/bluegreen/switch.sh "${@:2}" ;;
  rollback) exec deploy/bluegreen/rollback.sh "${@:2}" ;;
  *) fail "usage: $0 switch <tag> | rollback [blue|green]" ;;
esac
