#!/usr/bin/env bash
# Gives the app images of one release a second tag inside the cluster's containerd, so the
# deployment test has a "new release" to switch to without building the images twice:
#   scripts/cluster/tag-release.sh <tag> <new-tag>
# The new release runs the very same image content under another name. That proves the
# switch and the rollback (a new colour, its rollout, the gate, the traffic moving), not a
# change of code between the two.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || fail "usage: $0 <tag> <new-tag>"
ctr=(ctr --address "$CONTAINERD_SOCK" --namespace k8s.io)
for name in $APP_IMAGES; do
  "${ctr[@]}" images tag --force "localhost/emporium/$name:$1" "localhost/emporium/$name:$2" >/dev/null ||
    fail "localhost/emporium/$name:$1 is not in containerd (cluster:up loads IMAGE_TAG's images)"
done
log "tagged the app images :$1 as :$2 in containerd"
