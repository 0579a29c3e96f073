#!/usr/bin/env bash
# The cluster's certificates and kubeconfigs, made with openssl under $CLUSTER_DIR/pki: one CA,
# the API server's serving certificate, a client certificate per component (its CN and O are
# the user and group RBAC sees), and the service-account signing key. Kept when present.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "$0")/lib.sh"

pki="$CLUSTER_DIR/pki"
mkdir -p "$pki"
cd "$pki"

if [ ! -f ca.key ]; then
  openssl genrsa -out ca.key 2048 2>/dev/null
  openssl req -x509 -new -key ca.key -subj "/CN=emporium-cluster-ca" -days 3650 -out ca.crt
fi

# issue NAME SUBJECT [SUBJECT_ALT_NAMES]
issue() {
  local name=$1 subject=$2 sans=${3:-}
  [ -f "$name.crt" ] && return 0
  openssl genrsa -out "$name.key" 2048 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  local ext="$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$sans" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$sans"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$ext"
}

issue apiserver "/CN=kube-apiserver" \
  "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.$CLUSTER_DOMAIN,IP:$API_SERVICE_IP,IP:$NODE_IP,IP:127.0.0.1"
issue kubelet-serving "/CN=$NODE_NAME" "DNS:$NODE_NAME,IP:$NODE_IP"
issue apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client/O=system:masters"
issue admin "/CN=emporium-admin/O=system:masters"
issue controller-manager "/CN=system:kube-controller-manager"
issue scheduler "/CN=system:kube-scheduler"
issue kubelet "/CN=system:node:$NODE_NAME/O=system:nodes"
issue kube-proxy "/CN=system:kube-proxy"
issue coredns "/CN=coredns"

if [ ! -f service-account.key ]; then
  openssl genrsa -out service-account.key 2048 2>/dev/null
  openssl rsa -in service-account.key -pubout -out service-account.pub 2>/dev/null
fi
chmod 600 ./*.key

# kubeconfig NAME: $CLUSTER_DIR/NAME.kubeconfig with NAME's client certificate.
kubeconfig() {
  local name=$1 file="$CLUSTER_DIR/$1.kubeconfig"
  cat >"$file" <<YAML
apiVersion: v1
kind: Config
clusters:
  - name: emporium
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority: $pki/ca.crt
users:
  - name: $name
    user:
      client-certificate: $pki/$name.crt
      client-key: $pki/$name.key
contexts:
  - name: emporium
    context: { cluster: emporium, user: $name }
current-context: emporium
YAML
  chmod 600 "$file"
}
for name in admin controller-manager scheduler kubelet kube-proxy coredns; do kubeconfig "$name"; done
