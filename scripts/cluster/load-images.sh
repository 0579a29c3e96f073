#!/usr/bin/env bash
# Copies images from podman's store into the cluster's containerd (namespace k8s.io, where the
# kubelet looks), skipping those containerd already holds. Arguments: image references.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

ctr=(ctr --address "$CONTAINERD_SOCK" --namespace k8s.io)
present=$("${ctr[@]}" images ls --quiet)
missing=()
for image in "$@"; do
  grep -qxF "$image" <<<"$present" || missing+=("$image")
done
[ ${#missing[@]} -eq 0 ] && exit 0
log "loading ${#missing[@]} image(s) into containerd: ${missing[*]}"
podman save --multi-image-archive --format docker-archive "${missing[@]}" | "${ctr[@]}" images import --all-platforms -
