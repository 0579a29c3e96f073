#!/usr/bin/env bash
# Deploys deploy/k8s/overlays/local (the dev overlay on local images) to the cluster of
# cluster:up and waits until every StatefulSet and Deployment is ready. The app images are
# the ones `npm run images:build` tagged IMAGE_TAG (default: the commit's short hash).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

tag=${IMAGE_TAG:-$(git rev-parse --short HEAD)}
namespace=emporium-dev
started=$SECONDS

# The data volumes: node folders owned by the data images' user, made before their claims bind.
for store in postgres mongodb redis rabbitmq; do
  dir="$CLUSTER_DIR/volumes/$namespace/$store"
  [ -d "$dir" ] || { mkdir -p "$dir" && chown 999:999 "$dir" && chmod 700 "$dir"; }
done

# A run starts from overlays/local alone: the colours an earlier run's blue-green phase left
# (overlays/local-bluegreen) go, and the apply below takes the gateway Service's selector back
# from switch.sh's patch. The NodePort Service of older versions goes too (its port is the
# gateway Service's now).
if kubectl_admin get namespace "$namespace" >/dev/null 2>&1; then
  kubectl_admin -n "$namespace" delete --ignore-not-found -l emporium.dev/colour \
    deployment,service,configmap,secret,poddisruptionbudget,horizontalpodautoscaler,networkpolicy >/dev/null
  kubectl_admin -n "$namespace" delete --ignore-not-found service gateway-local >/dev/null
fi

# Render from a scratch copy with the app images' tag set: the checkout never changes.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r deploy/k8s "$work/k8s"
sed -i "s#\(newName: localhost/emporium/[a-z]*\), newTag: dev#\1, newTag: \"$tag\"#" \
  "$work/k8s/overlays/local/kustomization.yaml"
kubectl_admin kustomize "$work/k8s/overlays/local" >"$work/local.yaml"
kubectl_admin apply --server-side --field-manager=emporium-deploy --force-conflicts -f "$work/local.yaml" >/dev/null
log "applied overlays/local with app images :$tag ($((SECONDS - started)) s)"

for kind in statefulset deployment; do
  for name in $(kubectl_admin -n "$namespace" get "$kind" -o name); do
    kubectl_admin -n "$namespace" rollout status "$name" --timeout=300s >/dev/null ||
      fail "$name is not ready: kubectl -n $namespace describe $name; logs under $CLUSTER_DIR/logs"
    log "$name ready ($((SECONDS - started)) s)"
  done
done
# Each pod too: after a cluster:up the workloads' status can lag behind their restarted pods.
# Asked again and again rather than with `kubectl wait --all`, which fails outright when a pod
# it waits for is replaced meanwhile (a rollout's old pod going away).
every_pod_ready() {
  local states
  states=$(kubectl_admin -n "$namespace" get pods \
    -o 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}') || return 1
  [ -n "$states" ] && ! grep -qv '^True$' <<<"$states"
}
wait_until 300 "every pod in $namespace (kubectl -n $namespace get pods)" every_pod_ready
wait_until 60 "the gateway on 127.0.0.1:30080" curl -sf http://127.0.0.1:30080/health/ready
log "deployed in $((SECONDS - started)) s; gateway: http://127.0.0.1:30080"
