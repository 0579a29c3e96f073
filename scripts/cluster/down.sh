#!/usr/bin/env bash
# `npm run cluster:down`: stops every process cluster:up started (pods first, through the
# kubelet's runtime), removes the bridge and the rules kube-proxy wrote. Keeps $CLUSTER_DIR
# (certificates, etcd data, containerd's images) so the next cluster:up is fast; PURGE=1
# deletes it too.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

for name in coredns kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver; do
  stop_daemon "$name"
done
# Containers outlive containerd's own process (each has a shim): stop them through it.
if [ -S "$CONTAINERD_SOCK" ]; then
  ctr=(ctr --address "$CONTAINERD_SOCK" --namespace k8s.io)
  for task in $("${ctr[@]}" tasks ls --quiet 2>/dev/null); do
    "${ctr[@]}" tasks kill --signal SIGKILL "$task" >/dev/null 2>&1 || true
  done
  sleep 1
  for task in $("${ctr[@]}" tasks ls --quiet 2>/dev/null); do
    "${ctr[@]}" tasks delete --force "$task" >/dev/null 2>&1 || true
  done
  for container in $("${ctr[@]}" containers ls --quiet 2>/dev/null); do
    "${ctr[@]}" containers delete "$container" >/dev/null 2>&1 || true
  done
fi
stop_daemon containerd
stop_daemon etcd

# Pod mounts (secrets, emptyDirs) and network namespaces the kubelet and CNI left behind.
grep -o " $CLUSTER_DIR/kubelet/root[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
grep -o " /run/emporium-cluster/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
"$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
ip link del "$BRIDGE" 2>/dev/null || true
rm -rf "$CLUSTER_DIR/cni/ipam"
if [ "${PURGE:-0}" = 1 ]; then rm -rf "$CLUSTER_DIR"; fi
log "down"
