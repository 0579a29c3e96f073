#!/usr/bin/env bash
# `npm run cluster:up`: a real single-node Kubernetes on this machine, from the binaries
# build-binaries.sh made: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# containerd, kubelet, kube-proxy and CoreDNS as background processes (no systemd here), state
# and logs under $CLUSTER_DIR. Everything listens on loopback or the cluster's own bridge.
# Then loads the images `npm run images:build` made (IMAGE_TAG, default the commit's short hash)
# and the data-store images into containerd. Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

started=$SECONDS
step_started=$SECONDS
timings=()
step() {
  local now=$SECONDS
  [ -n "${current_step:-}" ] && timings+=("$(printf '%-34s %4d s' "$current_step" $((now - step_started)))")
  current_step=$1
  step_started=$now
  if [ -n "$1" ]; then log "$1"; fi
}

step "binaries and Debian packages"
bash scripts/cluster/build-binaries.sh >/dev/null
step "certificates and configuration"
bash scripts/cluster/pki.sh
bash scripts/cluster/configs.sh
# The bridge exists before any pod does, so the API server can bind to its address.
if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
  ip link add "$BRIDGE" type bridge
  ip addr add "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
fi
ip link set "$BRIDGE" up
sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1

step "etcd"
start_daemon etcd etcd --name emporium --data-dir "$CLUSTER_DIR/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster emporium=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
wait_until 30 etcd curl -sf http://127.0.0.1:2379/health

pki="$CLUSTER_DIR/pki"
step "kube-apiserver"
start_daemon kube-apiserver "$K8S_BIN/kube-apiserver" \
  --bind-address="$NODE_IP" --advertise-address="$NODE_IP" --secure-port=6443 \
  --etcd-servers=http://127.0.0.1:2379 \
  --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
  --client-ca-file="$pki/ca.crt" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --service-account-issuer="https://kubernetes.default.svc.$CLUSTER_DOMAIN" \
  --service-account-key-file="$pki/service-account.pub" \
  --service-account-signing-key-file="$pki/service-account.key" \
  --kubelet-preferred-address-types=InternalIP \
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
  --profiling=false
wait_until 120 kube-apiserver kubectl_admin get --raw /readyz

step "controller-manager and scheduler"
start_daemon kube-controller-manager "$K8S_BIN/kube-controller-manager" \
  --kubeconfig="$CLUSTER_DIR/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$CLUSTER_DIR/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$CLUSTER_DIR/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
  --root-ca-file="$pki/ca.crt" --service-account-private-key-file="$pki/service-account.key" \
  --use-service-account-credentials=true
start_daemon kube-scheduler "$K8S_BIN/kube-scheduler" \
  --kubeconfig="$CLUSTER_DIR/scheduler.kubeconfig" \
  --authentication-kubeconfig="$CLUSTER_DIR/scheduler.kubeconfig" \
  --authorization-kubeconfig="$CLUSTER_DIR/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false
wait_until 60 kube-controller-manager curl -skf https://127.0.0.1:10257/healthz
wait_until 60 kube-scheduler curl -skf https://127.0.0.1:10259/healthz

step "containerd and the pause image"
start_daemon containerd containerd --config "$CLUSTER_DIR/containerd/config.toml"
wait_until 30 containerd ctr --address "$CONTAINERD_SOCK" version
bash scripts/cluster/pause-image.sh
bash scripts/cluster/load-images.sh "$PAUSE_IMAGE"

step "kubelet"
start_daemon kubelet "$K8S_BIN/kubelet" --config="$CLUSTER_DIR/kubelet/config.yaml" \
  --kubeconfig="$CLUSTER_DIR/kubelet.kubeconfig" --hostname-override="$NODE_NAME" \
  --node-ip="$NODE_IP" --root-dir="$CLUSTER_DIR/kubelet/root"
# A node kept in etcd from the last run still reads Ready: wait for a heartbeat of this kubelet,
# after which the pods' statuses are its current ones too, not those it left behind.
kubelet_started=$(date -u +%s)
node_heartbeat_since_start() {
  local beat
  beat=$(kubectl_admin get "node/$NODE_NAME" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].lastHeartbeatTime}') || return 1
  [ -n "$beat" ] && [ "$(date -u -d "$beat" +%s)" -ge "$kubelet_started" ] || return 1
  kubectl_admin wait --for=condition=Ready "node/$NODE_NAME" --timeout=5s
}
wait_until 90 "node $NODE_NAME" node_heartbeat_since_start

step "kube-proxy and CoreDNS"
start_daemon kube-proxy "$K8S_BIN/kube-proxy" --config="$CLUSTER_DIR/kube-proxy/config.yaml" \
  --hostname-override="$NODE_NAME"
kubectl_admin apply -f scripts/cluster/manifests/coredns-rbac.yaml >/dev/null
start_daemon coredns "$K8S_BIN/coredns" -conf "$CLUSTER_DIR/coredns/Corefile"
wait_until 30 kube-proxy curl -sf http://127.0.0.1:10256/healthz
wait_until 30 coredns curl -sf http://127.0.0.1:8182/ready

step "images into containerd"
tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)}
app_images=()
for name in $APP_IMAGES; do
  app_images+=("localhost/emporium/$name:$tag")
done
mapfile -t data_images < <(bash scripts/images/data-images.sh --names)
bash scripts/cluster/load-images.sh "${app_images[@]}" "${data_images[@]}"

step ""
echo
printf '%-34s %6s\n' step time
printf '%s\n' "${timings[@]}"
printf '%-34s %4d s\n' "cluster:up" $((SECONDS - started))
log "ready: export KUBECONFIG=$KUBECONFIG_ADMIN  (kubectl: $K8S_BIN/kubectl)"
