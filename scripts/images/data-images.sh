#!/usr/bin/env bash
# The data-store images the Kubernetes manifests run, built locally like the Node base (no image
# registry is reachable): PostgreSQL, Redis and RabbitMQ from Debian's packages, FerretDB from
# the Go module proxy (it speaks MongoDB's protocol, on SQLite). Skips an image that exists and
# was built from the current files (a label holds their checksum).
#   data-images.sh           build them
#   data-images.sh --names   print their references (what cluster:up loads into containerd)
# deploy/k8s/overlays/local maps the manifests' image names onto these.
set -euo pipefail
cd "$(dirname "$0")/../.."

FERRETDB_VERSION=v1.24.2
DEBIAN_IMAGE=${DEBIAN_IMAGE:-localhost/debian:bookworm-minbase}
TOOLS_DIR=${TOOLS_DIR:-/var/cache/emporium-tools}
declare -A images=(
  [postgres]=localhost/emporium-data/postgres:15
  [redis]=localhost/emporium-data/redis:7.0
  [rabbitmq]=localhost/emporium-data/rabbitmq:3.10
  [ferretdb]=localhost/emporium-data/ferretdb:${FERRETDB_VERSION#v}
)
order=(postgres redis rabbitmq ferretdb)

if [ "${1:-}" = --names ]; then
  for name in "${order[@]}"; do echo "${images[$name]}"; done
  exit 0
fi

# `go install` of FerretDB 1.x makes a binary that panics at start (its module zip lacks the
# generated build/version/version.txt), so: the module's files, that one added, then go build.
# CGO off: SQLite comes from a pure-Go package, and the binary needs nothing from the image.
build_ferretdb_binary() {
  local out="$TOOLS_DIR/ferretdb-$FERRETDB_VERSION"
  [ -x "$out/ferretdb" ] && return 0
  local src work
  src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" |
    sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  work=$(mktemp -d)
  cp -r "$src/." "$work" && chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  mkdir -p "$out"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/ferretdb" ./cmd/ferretdb)
  rm -rf "$work"
}

bash scripts/images/podman-setup.sh
bash scripts/images/base-images.sh
report=()
for name in "${order[@]}"; do
  image=${images[$name]}
  sources=(deploy/docker/data/"$name".Dockerfile)
  [ -f "deploy/docker/data/$name-entrypoint.sh" ] && sources+=("deploy/docker/data/$name-entrypoint.sh")
  checksum=$(cat "${sources[@]}" | sha256sum | cut -c1-16)
  if podman image exists "$image" &&
    [ "$(podman image inspect --format '{{index .Labels "emporium.sources"}}' "$image")" = "$checksum" ]; then
    report+=("$(printf '%-46s %6s' "$image" kept)")
    continue
  fi
  started=$SECONDS
  context=$(mktemp -d)
  cp "${sources[@]}" "$context/"
  if [ "$name" = ferretdb ]; then
    build_ferretdb_binary
    cp "$TOOLS_DIR/ferretdb-$FERRETDB_VERSION/ferretdb" "$context/"
  fi
  podman build --quiet -f "$context/$name.Dockerfile" --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" \
    --label "emporium.sources=$checksum" -t "$image" "$context" >/dev/null
  rm -rf "$context"
  report+=("$(printf '%-46s %4d s' "$image" $((SECONDS - started)))")
done
printf '%s\n' "${report[@]}"
