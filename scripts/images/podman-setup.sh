#!/usr/bin/env bash
# Makes this machine able to build and run the images: podman, buildah and debootstrap from the
# Debian packages, and the engine settings it needs. crun cannot set RLIMIT_NOFILE here and does
# not support the hybrid cgroup mode, so containers run under runc with explicit ulimits.
set -euo pipefail

if ! command -v podman >/dev/null || ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  echo "[images] installing podman, buildah, debootstrap, runc"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman buildah debootstrap runc uidmap fuse-overlayfs >/dev/null
fi

conf=/etc/containers/containers.conf
if ! grep -qs '^runtime *= *"runc"' "$conf" || ! grep -qs '^default_ulimits' "$conf"; then
  if [ -s "$conf" ]; then
    echo "[images] $conf lacks runtime = \"runc\" or default_ulimits; add them by hand:" >&2
    echo '  [engine] runtime = "runc"; [containers] default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]' >&2
    exit 1
  fi
  mkdir -p "$(dirname "$conf")"
  cat >"$conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
  echo "[images] wrote $conf (runc, ulimits)"
fi
