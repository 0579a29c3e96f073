#!/usr/bin/env bash
# Builds the Kubernetes node binaries (kube-apiserver, kube-controller-manager, kube-scheduler,
# kubelet, kube-proxy, kubectl) and CoreDNS from the Go module proxy, and installs the Debian
# packages a node needs. No image registry or release download is reachable here, so the
# binaries come from source; they are cached by version under $TOOLS_DIR (about 15 minutes on
# 2 cores from nothing, seconds when the cache holds them).
#
# k8s.io/kubernetes cannot be `go install`ed: its go.mod replaces every k8s.io staging module
# with a directory inside the repository. A small wrapper module requires it and points each of
# those replaces at the staging module's published release (v0.<minor>.<patch>) instead.
set -euo pipefail
# shellcheck source=scripts/cluster/versions.sh
source "$(dirname "$0")/versions.sh"

install_debian_packages() {
  local missing=()
  for pkg in containerd runc etcd-server containernetworking-plugins conntrack iptables openssl; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[cluster] installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  # Debian starts etcd/containerd as services when it can; this project runs them itself.
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now etcd containerd 2>/dev/null || true
  fi
}

write_wrapper_module() {
  local dir=$1 gomod_file
  mkdir -p "$dir"
  gomod_file=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module emporium.local/k8s-node-binaries"
    echo
    echo "go $(sed -n 's/^go //p' "$gomod_file")"
    echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"
    echo
    echo "replace ("
    sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/src/.*#\t\1 => \1 '"$K8S_STAGING_VERSION"'#p' "$gomod_file"
    echo ")"
  } >"$dir/go.mod"
  # Blank imports make `go mod tidy` keep every package the binaries need.
  {
    echo "package binaries"
    echo
    echo "import ("
    for cmd in $K8S_COMMANDS; do echo "	_ \"k8s.io/kubernetes/cmd/$cmd\""; done
    echo ")"
  } >"$dir/tools.go"
  (cd "$dir" && go mod tidy)
}

build_kubernetes() {
  local out=$1 src="$TOOLS_DIR/src-k8s-$K8S_VERSION" pkg=k8s.io/component-base/version
  write_wrapper_module "$src"
  local ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
  ldflags+=" -X $pkg.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $pkg.gitTreeState=clean"
  ldflags+=" -X $pkg/verflag.programName=kubernetes"
  ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION"
  for cmd in $K8S_COMMANDS; do
    [ -x "$out/$cmd" ] && continue
    local started=$SECONDS
    (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/$cmd.partial" "k8s.io/kubernetes/cmd/$cmd")
    mv "$out/$cmd.partial" "$out/$cmd"
    echo "[cluster] built $cmd in $((SECONDS - started)) s"
  done
}

build_coredns() {
  local out=$1
  [ -x "$out/coredns" ] && return
  local started=$SECONDS
  GOBIN="$out" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@v$COREDNS_VERSION"
  echo "[cluster] built coredns in $((SECONDS - started)) s"
}

main() {
  install_debian_packages
  local out="$TOOLS_DIR/k8s-$K8S_VERSION"
  mkdir -p "$out"
  build_kubernetes "$out"
  build_coredns "$out"
  "$out/kube-apiserver" --version
  # sed reads the whole output: head would exit after one line, and under pipefail the SIGPIPE
  # that coredns may then get on its next line fails the whole cluster start.
  "$out/coredns" -version | sed -n 1p
}

main "$@"
