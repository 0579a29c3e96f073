#!/usr/bin/env bash
# The pod sandbox image (containerd's sandbox_image), built from the pause.c that ships in the
# Kubernetes module: a static binary in an otherwise empty image. No registry holds it here.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

if podman image exists "$PAUSE_IMAGE"; then exit 0; fi
src=$(cd /tmp && go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -Os -static -DVERSION="$K8S_VERSION" -o "$work/pause" "$src/build/pause/linux/pause.c"
strip "$work/pause"
cat >"$work/Containerfile" <<'CONTAINERFILE'
FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]
CONTAINERFILE
podman build --quiet -t "$PAUSE_IMAGE" "$work" >/dev/null
log "built $PAUSE_IMAGE"
