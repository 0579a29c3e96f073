#!/usr/bin/env bash
# Builds the base images from Debian packages, without any image registry:
#   localhost/debian:bookworm-minbase  debootstrap's minbase (the web image installs nginx on it)
#   localhost/node:20-slim             the same plus this machine's Node binary and npm, the CA
#                                      bundle, and a `node` user with uid 1000
# Skipped when both exist; delete them (podman rmi) to rebuild.
set -euo pipefail

DEBIAN_IMAGE=${DEBIAN_IMAGE:-localhost/debian:bookworm-minbase}
NODE_IMAGE=${NODE_IMAGE:-localhost/node:20-slim}
if podman image exists "$DEBIAN_IMAGE" && podman image exists "$NODE_IMAGE"; then
  echo "[images] $DEBIAN_IMAGE and $NODE_IMAGE exist; kept"
  exit 0
fi

# The Debian mirror apt already uses here (deb822 or one-line sources).
mirror=$(grep -hoP '^URIs:\s*\K\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hoP '^deb\s+(\[[^]]*\]\s+)?\K\S+' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    grep -v security | head -1 || true)
fi
[ -n "$mirror" ] || { echo "[images] no Debian mirror found in /etc/apt" >&2; exit 1; }

rootfs=$(mktemp -d /var/tmp/emporium-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
echo "[images] debootstrap minbase bookworm"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# Registries' TLS is signed by a CA this machine trusts but a fresh rootfs does not.
mkdir -p "$rootfs/etc/ssl/certs"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid 1000 --create-home --shell /bin/sh node

tar -C "$rootfs" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/sh"]' - "$DEBIAN_IMAGE" >/dev/null
echo "[images] built $DEBIAN_IMAGE"

# Node needs only libc, libstdc++ and libgcc_s, all in minbase.
node_bin=$(command -v node)
npm_dir=$(npm root -g)/npm
cp "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules"
cp -r "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
tar -C "$rootfs" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$NODE_IMAGE" >/dev/null
echo "[images] built $NODE_IMAGE ($(node --version))"
