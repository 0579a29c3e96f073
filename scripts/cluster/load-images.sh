#!/usr/bin/env bash
# Copies images from podman's store into the cluster's containerd (namespace k8s.io, where the
# kubelet looks), skipping those containerd already holds with the same content. A tag that
# images:build has rebuilt (the data-store images keep theirs, e.g. postgres:15) is loaded again:
# containerd's copy counts as the same only when its config digest is podman's image ID.
# Arguments: image references.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

ctr=(ctr --address "$CONTAINERD_SOCK" --namespace k8s.io)

# The config digest of an image in containerd (sha256:…), or nothing when it is not there.
loaded_id() {
  local manifest
  manifest=$("${ctr[@]}" images ls "name==$1" | awk 'NR == 2 { print $3 }')
  [ -n "$manifest" ] || return 0
  "${ctr[@]}" content get "$manifest" | python3 -c 'import json, sys; print(json.load(sys.stdin)["config"]["digest"])'
}

missing=()
for image in "$@"; do
  [ "$(loaded_id "$image")" = "sha256:$(podman image inspect --format '{{.Id}}' "$image")" ] ||
    missing+=("$image")
done
[ ${#missing[@]} -eq 0 ] && exit 0
log "loading ${#missing[@]} image(s) into containerd: ${missing[*]}"
podman save --multi-image-archive --format docker-archive "${missing[@]}" | "${ctr[@]}" images import --all-platforms -
