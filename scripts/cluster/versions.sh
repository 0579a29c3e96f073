# shellcheck shell=bash disable=SC2034
# Pinned versions and the directories the local cluster uses; sourced by every cluster script.
K8S_VERSION=${K8S_VERSION:-1.37.2}
# The staging modules (k8s.io/api, client-go, ...) are published as v0.<minor>.<patch>.
K8S_STAGING_VERSION="v0.${K8S_VERSION#*.}"
COREDNS_VERSION=${COREDNS_VERSION:-1.15.0}
K8S_COMMANDS="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl"
TOOLS_DIR=${TOOLS_DIR:-/var/cache/emporium-tools}
K8S_BIN="$TOOLS_DIR/k8s-$K8S_VERSION"
CLUSTER_DIR=${CLUSTER_DIR:-/var/lib/emporium-cluster}
# The cluster's own network: a bridge the node, its pods and every control-plane listener use,
# so nothing is reachable from outside the machine. Services get virtual IPs from SERVICE_CIDR.
NODE_NAME=${NODE_NAME:-emporium-node}
BRIDGE=emporium0
NODE_IP=10.244.0.1
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
API_SERVICE_IP=10.96.0.1
CLUSTER_DOMAIN=cluster.local
KUBECONFIG_ADMIN="$CLUSTER_DIR/admin.kubeconfig"
CONTAINERD_SOCK=/run/emporium-cluster/containerd.sock
PAUSE_IMAGE=localhost/pause:3.10
# The app images cluster:up loads and tag-release.sh tags: localhost/emporium/<name>:<tag>.
APP_IMAGES="gateway auth user product order payment notification pricing web"
