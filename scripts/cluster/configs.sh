#!/usr/bin/env bash
# Writes the configuration files of containerd, the CNI network, kubelet, kube-proxy and
# CoreDNS under $CLUSTER_DIR. Rewritten on every `cluster:up`, so edits belong here.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

mkdir -p "$CLUSTER_DIR"/{containerd,cni/net.d,kubelet,kube-proxy,coredns}

# restrict_oom_score_adj: without it runc fails here ("can't get final child's PID from pipe")
# because the process may not lower its own OOM score. The sandbox image is built locally.
cat >"$CLUSTER_DIR/containerd/config.toml" <<TOML
version = 2
root = "$CLUSTER_DIR/containerd/root"
state = "/run/emporium-cluster/containerd"
[grpc]
  address = "$CONTAINERD_SOCK"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  enable_unprivileged_ports = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$CLUSTER_DIR/cni/net.d"
TOML

cat >"$CLUSTER_DIR/cni/net.d/10-emporium.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "emporium",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": true,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "gateway": "$NODE_IP" }]],
        "routes": [{ "dst": "0.0.0.0/0" }],
        "dataDir": "$CLUSTER_DIR/cni/ipam"
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON

# cgroupfs and failCgroupV1=false: this machine has cgroup v1 and no systemd. Eviction
# thresholds are low because the disk is shared with image stores and Go caches.
cat >"$CLUSTER_DIR/kubelet/config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
healthzBindAddress: 127.0.0.1
healthzPort: 10248
readOnlyPort: 0
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
clusterDomain: $CLUSTER_DOMAIN
clusterDNS: [$NODE_IP]
resolvConf: /etc/resolv.conf
tlsCertFile: $CLUSTER_DIR/pki/kubelet-serving.crt
tlsPrivateKeyFile: $CLUSTER_DIR/pki/kubelet-serving.key
authentication:
  anonymous: { enabled: false }
  webhook: { enabled: true }
  x509: { clientCAFile: $CLUSTER_DIR/pki/ca.crt }
authorization:
  mode: Webhook
evictionHard:
  memory.available: 200Mi
  nodefs.available: 3%
  imagefs.available: 3%
imageGCHighThresholdPercent: 95
imageGCLowThresholdPercent: 90
serializeImagePulls: false
maxPods: 60
YAML

# masqueradeAll: replies from a pod reached through a Service IP then always come back through
# the node, also when client and server sit on the same bridge.
cat >"$CLUSTER_DIR/kube-proxy/config.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: iptables
clientConnection:
  kubeconfig: $CLUSTER_DIR/kube-proxy.kubeconfig
clusterCIDR: $POD_CIDR
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: [127.0.0.1/32]
iptables:
  masqueradeAll: true
conntrack:
  maxPerCore: 0
YAML

# CoreDNS runs on the node and answers on the bridge address, which every pod's resolv.conf
# names (kubelet clusterDNS); names outside the cluster go to the node's own resolver.
cat >"$CLUSTER_DIR/coredns/Corefile" <<COREFILE
.:53 {
    bind $NODE_IP
    errors
    health 127.0.0.1:8181
    ready 127.0.0.1:8182
    kubernetes $CLUSTER_DOMAIN in-addr.arpa ip6.arpa {
        kubeconfig $CLUSTER_DIR/coredns.kubeconfig emporium
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
}
COREFILE
