#!/usr/bin/env bash
# Server-side validation of every overlay against the real API server of cluster:up:
# `kubectl apply --server-side --dry-run=server` runs each object through the API server's own
# schema, defaulting, admission (Pod Security "restricted" included) and field ownership,
# without storing anything. deploy/validate.sh checks the same files offline; this is what it
# cannot: what this Kubernetes version accepts.
# Each overlay is validated in namespaces of its own (validate-<namespace>), so what is deployed
# (whose fields server-side apply would merge in) does not change the verdict. Those Namespaces
# are created for real first: objects in a namespace that does not exist are refused even in a
# dry run.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/cluster/lib.sh
source scripts/cluster/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
for overlay in dev prod prod/blue prod/green local local-bluegreen/blue local-bluegreen/green; do
  file="$work/${overlay//\//-}.yaml"
  kubectl_admin kustomize "deploy/k8s/overlays/$overlay" >"$file"
  (
    python3 - "$file" "$work/namespaces.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
namespaces = set()
for doc in docs:
    meta = doc["metadata"]
    if doc["kind"] == "Namespace":
        meta["name"] = "validate-" + meta["name"]
    elif "namespace" in meta:
        meta["namespace"] = "validate-" + meta["namespace"]
        namespaces.add(meta["namespace"])
    if doc["kind"] == "Service":
        # A fixed node port is taken by the deployed copy; any free one proves the same.
        for port in doc["spec"].get("ports", []):
            port.pop("nodePort", None)
    if doc["kind"] == "PersistentVolume":
        meta["name"] = "validate-" + meta["name"]
        ref = doc["spec"].get("claimRef")
        if ref:
            ref["namespace"] = "validate-" + ref["namespace"]
yaml.safe_dump_all(docs, open(sys.argv[1], "w"))
# The overlay's own Namespace (with its Pod Security labels) if it has one; else the names only.
own = [d for d in docs if d["kind"] == "Namespace"]
yaml.safe_dump_all(own, open(sys.argv[2], "w"))
print("\n".join(sorted(namespaces - {d["metadata"]["name"] for d in own})))
PY
  ) >"$work/referenced"
  [ -s "$work/namespaces.yaml" ] &&
    kubectl_admin apply --server-side --field-manager=emporium-validate -f "$work/namespaces.yaml" >/dev/null
  while read -r namespace; do
    [ -z "$namespace" ] || kubectl_admin get namespace "$namespace" >/dev/null 2>&1 ||
      kubectl_admin create namespace "$namespace" >/dev/null
  done <"$work/referenced"
  if kubectl_admin apply --server-side --dry-run=server --field-manager=emporium-validate \
    --force-conflicts -f "$file" >"$work/out" 2>&1; then
    log "ok   $overlay: $(grep -c 'serverside-applied' "$work/out") objects accepted (server dry run)"
  else
    log "FAIL $overlay:"
    cat "$work/out" >&2
    failed=1
  fi
done
exit $failed
