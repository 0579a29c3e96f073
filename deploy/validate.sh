#!/usr/bin/env bash
# Validates everything under deploy/ and .github/ offline, with no cluster and no Docker:
#   - every Kustomize overlay renders, and kubeconform checks it against the Kubernetes JSON
#     schemas (strict: unknown fields fail) taken from the `kubernetes-validate` PyPI package
#   - manifestcheck decodes each environment into the real k8s.io/api Go types (strict) and
#     checks Emporium's rules: hardened pods, probes, the env contract, resolvable references
#   - the Dockerfiles parse and pass BuildKit's checks; the workflows pass actionlint;
#     the shell scripts pass shellcheck
#   - promtool checks the Prometheus config and alert rules and runs the alert unit tests; the
#     Grafana dashboard's queries parse; the Fluent Bit config is well-formed
#   - the OpenTelemetry Collector manifest passes kubeconform and manifestcheck, its config has
#     the traces pipeline, and every environment's OTEL_EXPORTER_OTLP_ENDPOINT and egress
#     policy point at it
#   - the blue-green logic: simulate.mjs under load, and switch.sh/rollback.sh against a fake
#     cluster
# Tools are installed once into $EMPORIUM_TOOLS_DIR (default /var/cache/emporium-tools), from
# the Go module proxy, PyPI and Debian; later runs take well under a minute.
#   bash deploy/validate.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
TOOLS_DIR=${EMPORIUM_TOOLS_DIR:-/var/cache/emporium-tools}
mkdir -p "$TOOLS_DIR/bin" 2>/dev/null || TOOLS_DIR=$HOME/.cache/emporium-tools
BIN=$TOOLS_DIR/bin
mkdir -p "$BIN"

KUSTOMIZE_VERSION=v5.8.2
KUBECONFORM_VERSION=v0.8.0
PROMTOOL_VERSION=v0.316.0   # Prometheus 3.x, as the Go module proxy numbers it
ACTIONLINT_VERSION=v1.7.12
KUBERNETES_VALIDATE_VERSION=1.37.0  # PyPI package that ships the Kubernetes JSON schemas
K8S_VERSION=1.34.0                  # schema version to validate against (matches k8s.io/api v0.34)

log() { printf '[validate] %s\n' "$*" >&2; }
die() {
  printf '[validate] FAILED: %s\n' "$*" >&2
  exit 1
}

# --- tools ---------------------------------------------------------------------------------
# A remote Go tool at a pinned version; the version is part of the file name, so a bump
# rebuilds and an unchanged pin costs nothing.
go_tool() {
  local name=$1 module=$2 version=$3 target=$BIN/$1-$3
  if [ ! -x "$target" ]; then
    log "building $name $version (first run only)"
    local tmp
    tmp=$(mktemp -d)
    GOBIN=$tmp go install "$module@$version" >&2 || die "go install $module@$version"
    mv "$tmp/$name" "$target"
    rm -rf "$tmp"
  fi
  echo "$target"
}

# A Go tool of this repository (deploy/tools/NAME), rebuilt whenever its sources change.
local_tool() {
  local name=$1 dir=$root/deploy/tools/$1 hash target
  hash=$(cat "$dir"/*.go "$dir/go.mod" "$dir/go.sum" | sha256sum | cut -c1-12)
  target=$BIN/$name-$hash
  if [ ! -x "$target" ]; then
    log "building $name"
    (cd "$dir" && GOFLAGS=-buildvcs=false go build -o "$target" .) || die "building deploy/tools/$name"
  fi
  echo "$target"
}

# Kubernetes JSON schemas for kubeconform, from the kubernetes-validate wheel. Its schemas
# reference a shared _definitions.json through an absolute web $id; rewritten here to the
# sibling file so they resolve offline.
schemas() {
  local dir=$TOOLS_DIR/schemas/kubernetes-validate-$KUBERNETES_VALIDATE_VERSION/v$K8S_VERSION-local-strict
  if [ ! -f "$dir/.complete" ]; then
    log "fetching Kubernetes $K8S_VERSION schemas (kubernetes-validate $KUBERNETES_VALIDATE_VERSION, first run only)"
    python3 -m pip --version >/dev/null 2>&1 || apt_package python3-pip
    local tmp
    tmp=$(mktemp -d)
    python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$tmp" \
      "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" >&2 || die "pip download kubernetes-validate"
    python3 - "$tmp"/kubernetes_validate-*.whl "$dir" "v$K8S_VERSION-local-strict" <<'PY' || die "unpacking schemas"
import json, os, sys, zipfile
wheel, out, version = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{version}/"
os.makedirs(out, exist_ok=True)
count = 0
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith(".json"):
            text = z.read(name).decode().replace('"/api/_definitions.json#', '"_definitions.json#')
            schema = json.loads(text)
            schema.pop("$id", None)
            with open(os.path.join(out, os.path.basename(name)), "w") as f:
                json.dump(schema, f)
            count += 1
if count < 100:
    sys.exit(f"only {count} schemas for {version} in {wheel}")
PY
    touch "$dir/.complete"
    rm -rf "$tmp"
  fi
  echo "$dir"
}

apt_package() {
  dpkg -s "$1" >/dev/null 2>&1 && return 0
  [ "$(id -u)" -eq 0 ] || die "$1 is missing: install it (apt-get install $1) or run as root"
  log "installing $1 (Debian)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1"; } >&2 ||
    die "apt-get install $1"
}

command -v go >/dev/null || die "Go is needed to build the validators"
command -v node >/dev/null || die "Node.js is needed for the dashboard check and the blue-green simulation"
kustomize=$(go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION")
kubeconform=$(go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION")
promtool=$(go_tool promtool github.com/prometheus/prometheus/cmd/promtool "$PROMTOOL_VERSION")
actionlint=$(go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION")
manifestcheck=$(local_tool manifestcheck)
dockerfilecheck=$(local_tool dockerfilecheck)
schema_dir=$(schemas)
apt_package shellcheck

# --- checks --------------------------------------------------------------------------------
passed=0
failed=0
check() { # check NAME COMMAND...: runs every check, reports them all, fails at the end
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    log "ok   $name"
  else
    failed=$((failed + 1))
    log "FAIL $name"
  fi
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root" || exit 1

render() { "$kustomize" build "deploy/k8s/overlays/$1" >"$out/${1//\//-}.yaml"; }
conform_file() {
  "$kubeconform" -strict -summary -output text \
    -schema-location "$schema_dir/{{.ResourceKind}}{{.KindSuffix}}.json" "$1"
}
conform() { conform_file "$out/${1//\//-}.yaml"; }
overlays=(dev prod prod/blue prod/green local local-bluegreen/blue local-bluegreen/green)
for overlay in "${overlays[@]}"; do
  check "render $overlay" render "$overlay"
  check "kubeconform $overlay (Kubernetes $K8S_VERSION schemas)" conform "$overlay"
done
check "manifestcheck dev" "$manifestcheck" "$out/dev.yaml"
# Prod is the colour-neutral layer plus one colour; its Secrets are created out of band.
check "manifestcheck prod + blue" "$manifestcheck" -external-secrets "$out/prod.yaml" "$out/prod-blue.yaml"
check "manifestcheck prod + green" "$manifestcheck" -external-secrets "$out/prod.yaml" "$out/prod-green.yaml"
check "colour components differ only in the colour" \
  diff <(sed s/blue/green/g deploy/k8s/components/blue/kustomization.yaml) deploy/k8s/components/green/kustomization.yaml
check "manifestcheck's own tests" bash -c 'cd deploy/tools/manifestcheck && GOFLAGS=-buildvcs=false go test ./... >&2'

check "Dockerfiles (BuildKit parser and checks)" "$dockerfilecheck" deploy/docker/Dockerfile deploy/docker/web.Dockerfile \
  deploy/docker/data/*.Dockerfile

check "promtool check config" "$promtool" check config deploy/monitoring/prometheus/prometheus.yml
check "promtool check rules" "$promtool" check rules deploy/monitoring/prometheus/rules/*.yml
check "promtool test rules (alert unit tests)" "$promtool" test rules deploy/monitoring/prometheus/tests/*.test.yml
dashboard_queries() {
  node deploy/monitoring/grafana/check-dashboard.mjs deploy/monitoring/grafana/emporium-services.json \
    >"$out/dashboard-rules.json" && "$promtool" check rules "$out/dashboard-rules.json"
}
check "Grafana dashboard queries parse" dashboard_queries
fluent_bit_config() {
  # No Fluent Bit binary is to be had here: check the YAML and the pipeline's shape.
  python3 - deploy/monitoring/logging/fluent-bit.yaml <<'PY'
import sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
pipeline = config["pipeline"]
for section in ("inputs", "filters", "outputs"):
    for plugin in pipeline[section]:
        assert "name" in plugin, f"a {section} entry has no name"
assert [o["name"] for o in pipeline["outputs"]] == ["loki"], "logs must go to Loki"
PY
}
check "Fluent Bit config is well-formed" fluent_bit_config

collector=deploy/monitoring/tracing/otel-collector.yaml
check "kubeconform OpenTelemetry Collector (Kubernetes $K8S_VERSION schemas)" conform_file "$collector"
check "manifestcheck OpenTelemetry Collector" "$manifestcheck" "$collector"
otel_collector() {
  # No collector binary is built here (it is large): check the config's shape, and that each
  # environment (its rendered files, comma-separated) sends its spans to this collector and may.
  python3 - "$collector" "$out/dev.yaml" "$out/prod.yaml,$out/prod-blue.yaml" "$out/prod.yaml,$out/prod-green.yaml" <<'PY'
import sys, yaml
from urllib.parse import urlsplit
collector, *environments = sys.argv[1:]
objects = {d["kind"]: d for d in yaml.safe_load_all(open(collector)) if d}
config = yaml.safe_load(objects["ConfigMap"]["data"]["config.yaml"])
service, deployment = objects["Service"], objects["Deployment"]
name, namespace = service["metadata"]["name"], service["metadata"]["namespace"]
traces = config["service"]["pipelines"]["traces"]
assert traces["receivers"] == ["otlp"], "traces must come in through the otlp receiver"
assert "batch" in traces["processors"], "traces must be batched"
assert traces["exporters"], "traces go nowhere"
for section in ("receivers", "processors", "exporters"):
    for component in traces[section]:
        assert component in (config.get(section) or {}), f"{section}: {component} is not defined"
for extension in config["service"].get("extensions", []):
    assert extension in (config.get("extensions") or {}), f"extension {extension} is not defined"
receiver_port = int(config["receivers"]["otlp"]["protocols"]["http"]["endpoint"].rsplit(":", 1)[1])
[port] = service["spec"]["ports"]
pod = deployment["spec"]["template"]
container_ports = {p["name"]: p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
assert container_ports[port["targetPort"]] == receiver_port, "the Service does not reach the OTLP/HTTP receiver"

def reaches_collector(rule):
    peers = rule.get("to", [])
    return {"port": port["port"], "protocol": "TCP"} in rule.get("ports", []) and any(
        peer.get("namespaceSelector", {}).get("matchLabels") == {"kubernetes.io/metadata.name": namespace}
        and all(pod["metadata"]["labels"].get(k) == v for k, v in peer.get("podSelector", {}).get("matchLabels", {}).items())
        for peer in peers)

hosts = {f"{name}.{namespace}", f"{name}.{namespace}.svc", f"{name}.{namespace}.svc.cluster.local"}
for environment in environments:
    docs = [d for f in environment.split(",") for d in yaml.safe_load_all(open(f)) if d]
    urls = {d["data"]["OTEL_EXPORTER_OTLP_ENDPOINT"] for d in docs
            if d["kind"] == "ConfigMap" and "OTEL_EXPORTER_OTLP_ENDPOINT" in d.get("data", {})}
    assert urls, f"{environment}: no ConfigMap sets OTEL_EXPORTER_OTLP_ENDPOINT"
    for url in urls:
        u = urlsplit(url)
        assert u.scheme == "http" and u.hostname in hosts and u.port == port["port"] and u.path in ("", "/"), \
            f"{environment}: OTEL_EXPORTER_OTLP_ENDPOINT={url} is not http://{name}.{namespace}:{port['port']}"
    allowed = [d["spec"]["podSelector"].get("matchLabels", {}) for d in docs if d["kind"] == "NetworkPolicy"
               and any(reaches_collector(rule) for rule in d["spec"].get("egress") or [])]
    senders = [d for d in docs if d["kind"] == "Deployment" and any(
        e["name"] == "OTEL_EXPORTER_OTLP_ENDPOINT" for c in d["spec"]["template"]["spec"]["containers"] for e in c.get("env", []))]
    assert senders, f"{environment}: no Deployment sets OTEL_EXPORTER_OTLP_ENDPOINT"
    for d in senders:
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert any(all(labels.get(k) == v for k, v in sel.items()) for sel in allowed), \
            f"{environment}: no NetworkPolicy lets {d['metadata']['name']} reach {name}.{namespace} on {port['port']}"
PY
}
check "OpenTelemetry Collector config; each environment's endpoint and egress point at it" otel_collector

check "actionlint .github/workflows" "$actionlint" -shellcheck shellcheck .github/workflows/*.yml
check "shellcheck" shellcheck -x deploy/validate.sh deploy/bluegreen/*.sh deploy/bluegreen/test/switch.test.sh \
  deploy/bluegreen/test/kubectl deploy/bluegreen/test/curl deploy/docker/data/*.sh scripts/images/*.sh scripts/cluster/*.sh

check "blue-green simulation (zero failed requests)" node deploy/bluegreen/simulate.mjs
check "switch.sh and rollback.sh against a fake cluster" env KUSTOMIZE="$kustomize" deploy/bluegreen/test/switch.test.sh

echo "deploy validation: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
