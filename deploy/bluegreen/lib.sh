# shellcheck shell=bash
# Shared by switch.sh and rollback.sh: which colour is live, and the readiness health gates.
# Sourced, not run. Needs kubectl (and curl for the gate) on PATH, pointed at the cluster.

NAMESPACE=${NAMESPACE:-emporium}
# Every app object of a colour is <app>-<colour>; the two public Services are <app>.
APPS=(auth user product order payment notification pricing gateway web)
PUBLIC_SERVICES=(web gateway)
declare -A APP_PORT=([gateway]=8080 [auth]=8081 [user]=8082 [product]=8083 [order]=8084
  [payment]=8085 [notification]=8086 [pricing]=8087 [web]=8080)
COLOUR_LABEL=emporium.dev/colour
PREVIOUS_ANNOTATION=emporium.dev/previous-colour
GATE_PASSES=${GATE_PASSES:-3}          # consecutive ready answers each app must give
GATE_ATTEMPTS=${GATE_ATTEMPTS:-60}     # tries before the gate fails: about a minute and more, as a
                                      # new pod beside a loaded node's other colour may need
GATE_INTERVAL=${GATE_INTERVAL:-1}      # seconds between tries
ROLLOUT_TIMEOUT=${ROLLOUT_TIMEOUT:-300s}

log() { printf '[bluegreen] %s\n' "$*" >&2; }
die() {
  printf '[bluegreen] FAILED: %s\n' "$*" >&2
  exit 1
}

kc() { kubectl -n "$NAMESPACE" "$@"; }

other_colour() { [ "$1" = blue ] && echo green || echo blue; }

# The colour the public gateway Service selects; empty before the first switch.
live_colour() {
  kc get service gateway -o "jsonpath={.spec.selector.emporium\.dev/colour}" 2>/dev/null || true
}

previous_colour() {
  kc get service gateway -o "jsonpath={.metadata.annotations.emporium\.dev/previous-colour}" 2>/dev/null || true
}

wait_for_rollout() {
  local colour=$1 app
  for app in "${APPS[@]}"; do
    log "waiting for deployment/$app-$colour to roll out"
    kc rollout status "deployment/$app-$colour" --timeout="$ROLLOUT_TIMEOUT" >&2 || return 1
  done
}

# Asks a Service for /health/ready through a port-forward, GATE_PASSES times in a row: the
# check goes through the same Service the traffic will use, before any live traffic does. A
# port-forward that has exited (its local port taken, its pod gone, its stream to the API server
# broken) is started again on another port: the gate judges the Service, not the tunnel.
probe_ready() {
  local service=$1 port=$2 local_port=0 pf_pid=0 passes=0 attempt ok=1
  for ((attempt = 1; attempt <= GATE_ATTEMPTS; attempt++)); do
    if [ "$pf_pid" = 0 ] || ! kill -0 "$pf_pid" 2>/dev/null; then
      local_port=$((20000 + RANDOM % 20000))
      # kubectl itself, not through kc(): $! must be the port-forward's own pid to stop it below.
      kubectl -n "$NAMESPACE" port-forward "service/$service" "$local_port:$port" >/dev/null 2>&1 &
      pf_pid=$!
      sleep 1
    fi
    if curl -fsS --max-time 5 "http://127.0.0.1:$local_port/health/ready" >/dev/null 2>&1; then
      passes=$((passes + 1))
      if [ "$passes" -ge "$GATE_PASSES" ]; then
        ok=0
        break
      fi
    else
      passes=0
    fi
    sleep "$GATE_INTERVAL"
  done
  kill "$pf_pid" 2>/dev/null || true
  wait "$pf_pid" 2>/dev/null || true
  return "$ok"
}

health_gate() {
  local colour=$1 app
  for app in "${APPS[@]}"; do
    if probe_ready "$app-$colour" "${APP_PORT[$app]}"; then
      log "health gate: $app-$colour ready"
    else
      log "health gate: $app-$colour did not answer /health/ready $GATE_PASSES times in a row"
      return 1
    fi
  done
}

# Asks each service of a colour for /health/ready from inside that colour's gateway pod, by the
# Service's DNS name: the path the gateway's own calls take (DNS, then the node's rules for the
# Service's ClusterIP). The port-forward of probe_ready goes to a pod directly, so it cannot
# show those rules are in place; on a busy node they lagged behind ready pods, and a switch
# then sent the public to a gateway whose calls were refused. GATE_PASSES answers in a row.
service_path_gate() {
  local colour=$1 app url passes attempt ok
  for app in "${APPS[@]}"; do
    case "$app" in gateway | web) continue ;; esac # reached through the public Services
    url="http://$app-$colour:${APP_PORT[$app]}/health/ready"
    passes=0 ok=1
    for ((attempt = 1; attempt <= GATE_ATTEMPTS; attempt++)); do
      if kc exec "deployment/gateway-$colour" -- node -e \
        'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "$url" >/dev/null 2>&1; then
        passes=$((passes + 1))
        if [ "$passes" -ge "$GATE_PASSES" ]; then
          ok=0
          break
        fi
      else
        passes=0
      fi
      sleep "$GATE_INTERVAL"
    done
    if [ "$ok" -ne 0 ]; then
      log "service gate: gateway-$colour did not reach $url $GATE_PASSES times in a row"
      return 1
    fi
    log "service gate: gateway-$colour reaches $app-$colour"
  done
}

# Points the public Services at a colour and remembers the one they left, for rollback.sh.
# web first, gateway last: the API only moves once the new front end is being served.
point_public_services_at() {
  local colour=$1 from=$2 svc
  for svc in "${PUBLIC_SERVICES[@]}"; do
    kc patch service "$svc" --type merge -p "{
      \"metadata\": {\"annotations\": {\"$PREVIOUS_ANNOTATION\": \"$from\"}},
      \"spec\": {\"selector\": {\"$COLOUR_LABEL\": \"$colour\"}}}" >/dev/null
    log "service/$svc now selects $colour"
  done
}
