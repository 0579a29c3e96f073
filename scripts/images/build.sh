#!/usr/bin/env bash
# `npm run images:build`: every service image and the web image, built with podman from locally
# made base images (no image registry needed), tagged localhost/emporium/<name>:<tag>.
# IMAGE_TAG sets the tag (default: the current commit's short hash; a full build removes older
# tags, and untagged images older than six hours, unless KEEP_OLD_IMAGES=1); IMAGES limits the
# build to some names (e.g. IMAGES="product order"). Prints each image's build time and size. The service images share one compile stage
# (deploy/docker/Dockerfile): the first image pays for it, the others reuse it from the layer cache.
# Then the data-store images the Kubernetes manifests need (scripts/images/data-images.sh; kept
# when they exist, so only the first run pays for them).
set -euo pipefail
cd "$(dirname "$0")/../.."
started_all=$SECONDS

bash scripts/images/podman-setup.sh
export NODE_IMAGE=${NODE_IMAGE:-localhost/node:20-slim}
export DEBIAN_IMAGE=${DEBIAN_IMAGE:-localhost/debian:bookworm-minbase}
bash scripts/images/base-images.sh

tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)}
names=${IMAGES:-gateway auth user product order payment notification pricing web}
build_args=(--ignorefile deploy/docker/dockerignore.example --build-arg "NODE_IMAGE=$NODE_IMAGE")
report=()
for name in $names; do
  image="localhost/emporium/$name:$tag"
  echo "[images] building $image"
  started=$SECONDS
  if [ "$name" = web ]; then
    podman build -f deploy/docker/web.Dockerfile "${build_args[@]}" \
      --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" -t "$image" .
  else
    podman build -f deploy/docker/Dockerfile "${build_args[@]}" \
      --build-arg "SERVICE=$name" -t "$image" .
  fi
  size=$(podman image inspect --format '{{.Size}}' "$image")
  report+=("$(printf '%-46s %4d s %6d MB' "$image" $((SECONDS - started)) $((size / 1000000)))")
done
echo
printf '%-46s %6s %9s\n' image build size
printf '%s\n' "${report[@]}"
printf '%-46s %4d s\n' "app images" $((SECONDS - started_all))
echo
# Older tags of the app images go, with the layers only they held: a machine that builds every
# commit (CI) would otherwise fill its disk. The build cache stays. KEEP_OLD_IMAGES=1 keeps them,
# and so does a partial build (IMAGES set), whose other images still carry an older tag.
if [ "${KEEP_OLD_IMAGES:-0}" != 1 ] && [ -z "${IMAGES:-}" ]; then
  podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/emporium/' |
    grep -v ":$tag\$" | xargs -r podman rmi >/dev/null 2>&1 || true
  # Untagged images more than six hours old: earlier builds' stages, left behind when their tag
  # moved on (about 0.3-0.7 GB per image per commit). A CI machine that kept them all ran its disk
  # full, and the kubelet then evicted the cluster's pods. The last hours' stay as the build cache.
  podman image prune -f --filter until=6h >/dev/null 2>&1 || true
fi
bash scripts/images/data-images.sh
printf '%-46s %4d s\n' "images:build" $((SECONDS - started_all))
